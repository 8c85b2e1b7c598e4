package dev.sluice.proxy.http1;

import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.HttpLimits;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Installs the HTTP/1.1 server handlers on a client connection: codec (limits from {@link
 * HttpLimits}) → keep-alive → one message per read → the exchange driver. Connections read only
 * when an exchange asks (auto-read off). Stateless.
 */
public final class Http1Pipeline {

  private Http1Pipeline() {}

  /** Adds the codec and the exchange handlers at the end of {@code pipeline}. */
  public static void install(
      ChannelPipeline pipeline, ListenerContext listener, ConnectionInfo info) {
    pipeline.addLast(new HttpServerCodec(HttpLimits.decoderConfig()));
    installAfterCodec(pipeline, listener, info);
  }

  /** Adds the handlers that follow an HTTP/1.1 codec someone else installed. */
  public static void installAfterCodec(
      ChannelPipeline pipeline, ListenerContext listener, ConnectionInfo info) {
    pipeline
        .addLast(new HttpServerKeepAliveHandler())
        .addLast(new DemandReadHandler(false))
        .addLast(exchanges(listener, info));
  }

  /**
   * Removes the handlers {@link #installAfterCodec} added: the connection switched to another
   * protocol (HTTP/2) before any exchange started.
   */
  public static void removeAfterCodec(ChannelPipeline pipeline) {
    if (pipeline.get(HttpServerKeepAliveHandler.class) != null) {
      pipeline.remove(HttpServerKeepAliveHandler.class);
    }
    if (pipeline.get(DemandReadHandler.class) != null) {
      pipeline.remove(DemandReadHandler.class);
    }
    if (pipeline.get(DownstreamHandler.class) != null) {
      pipeline.remove(DownstreamHandler.class);
    }
  }

  /**
   * The last handler of a connection or HTTP/2 stream whose inbound messages are HTTP/1 objects: it
   * runs one exchange per request. One instance per connection or stream.
   */
  public static ChannelHandler exchanges(ListenerContext listener, ConnectionInfo info) {
    return new DownstreamHandler(listener, info);
  }
}
