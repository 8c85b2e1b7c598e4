package dev.sluice.proxy.http1;

import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.HttpLimits;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Installs the HTTP/1.1 server handlers on a client connection: deadline watch → codec (limits from
 * the listener's {@code ClientLimits}) → head watch → keep-alive → request and age budget → one
 * message per read → the exchange driver. Connections read only when an exchange asks (auto-read
 * off). The connection closes lingering ({@link dev.sluice.proxy.transport.LingeringClose},
 * installed where the connection is accepted or its ALPN is chosen): a close while the client's
 * bytes are still unread (a pipelined request behind a {@code Connection: close} response, the rest
 * of a body an early answer did not read, a slowloris's trickle) would make the kernel answer them
 * with a reset that can destroy the response the client has not read yet (RFC 9112 §9.6).
 * Stateless.
 */
public final class Http1Pipeline {

  private Http1Pipeline() {}

  /** Adds the codec and the exchange handlers at the end of {@code pipeline}. */
  public static void install(
      ChannelPipeline pipeline, ListenerContext listener, ConnectionInfo info) {
    Http1Deadlines deadlines = new Http1Deadlines(listener.limits());
    pipeline
        .addLast(deadlines.beforeCodec())
        .addLast(new HttpServerCodec(HttpLimits.decoderConfig(listener.limits())));
    installAfterCodec(pipeline, listener, info, deadlines);
  }

  /**
   * Adds the handlers that follow an HTTP/1.1 codec someone else installed; that someone put {@code
   * deadlines.beforeCodec()} before the codec.
   */
  public static void installAfterCodec(
      ChannelPipeline pipeline,
      ListenerContext listener,
      ConnectionInfo info,
      Http1Deadlines deadlines) {
    pipeline
        .addLast(deadlines.afterCodec())
        .addLast(new HttpServerKeepAliveHandler())
        .addLast(new Http1ConnectionBudget(listener.limits()))
        .addLast(new DemandReadHandler(false))
        .addLast(exchanges(listener, info));
  }

  /**
   * Removes the handlers {@link #installAfterCodec} added (and the deadline watch before the
   * codec): the connection switched to another protocol (HTTP/2) before any exchange started.
   */
  public static void removeAfterCodec(ChannelPipeline pipeline) {
    removeIfPresent(pipeline, Http1Deadlines.BytesWatch.class);
    removeIfPresent(pipeline, Http1Deadlines.HeadWatch.class);
    removeIfPresent(pipeline, HttpServerKeepAliveHandler.class);
    removeIfPresent(pipeline, Http1ConnectionBudget.class);
    removeIfPresent(pipeline, DemandReadHandler.class);
    removeIfPresent(pipeline, DownstreamHandler.class);
  }

  static void removeIfPresent(ChannelPipeline pipeline, Class<? extends ChannelHandler> type) {
    if (pipeline.get(type) != null) {
      pipeline.remove(type);
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
