package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObject;

/**
 * An upstream HTTP/1.1 connection, or HTTP/2 stream, lent to one exchange at a time. Event-loop
 * confined. Requests are never pipelined: the next user gets the connection only after the previous
 * response ended.
 *
 * @param channel the connection
 * @param endpoint where it goes
 * @param reused whether it had served a request before (a stale pooled connection may fail)
 */
public record UpstreamConnection(Channel channel, Endpoint endpoint, boolean reused) {

  /** Routes this connection's events to {@code listener} until released. */
  public void attach(UpstreamListener listener) {
    channel.pipeline().get(UpstreamHandler.class).attach(listener);
  }

  /** Stops routing this connection's events to the current listener. */
  public void detach() {
    UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
    if (handler != null) {
      handler.detach();
    }
  }

  /** Removes the upstream handler from a pipeline that is being taken over (protocol switch). */
  public static void removeHandler(io.netty.channel.ChannelPipeline pipeline) {
    if (pipeline.get(UpstreamHandler.class) != null) {
      pipeline.remove(UpstreamHandler.class);
    }
  }

  /** Writes and flushes a request message; takes ownership. */
  public io.netty.channel.ChannelFuture write(HttpObject msg) {
    return channel.writeAndFlush(msg);
  }

  /** Asks for the next response message (one per call, see {@code DemandReadHandler}). */
  public void read() {
    channel.read();
  }

  public boolean isWritable() {
    return channel.isWritable();
  }
}
