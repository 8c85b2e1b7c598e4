package dev.sluice.proxy.http2;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.Http1Pipeline;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.transport.DemandReadHandler;
import dev.sluice.proxy.transport.Http2MessageHygiene;
import dev.sluice.proxy.transport.Http2Settings;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * HTTP/2 on a client connection: a frame codec with the limits and flood protections of {@link
 * Http2Settings}, and a multiplexer that gives every stream its own child channel. Each stream is
 * translated to HTTP/1 objects ({@code :authority} → {@code Host}, trailers kept, connection
 * headers dropped by Netty's conversion, {@code x-http2-*} removed and values checked by {@link
 * Http2MessageHygiene}) and driven by the same exchange code as HTTP/1.1, so both reach the same
 * routes. Streams read on demand, so HTTP/2 flow control pushes back on a client whose upstream is
 * slow. The connection's frames are watched by {@link Http2FrameWatch} (every server reset counts,
 * stream-id misuse is a connection error); each stream turns stream errors into the right
 * RST_STREAM ({@link StreamErrorReset}), refuses extended CONNECT ({@link ExtendedConnectRefusal})
 * and is reset when its response stalls ({@link StreamStallGuard}). Stateless.
 */
public final class Http2ServerPipeline {

  /** Flushes consolidated into one before a write is forced anyway (bounds the added latency). */
  private static final int MAX_FLUSHES_PER_WRITE = 256;

  private Http2ServerPipeline() {}

  /**
   * Adds the HTTP/2 handlers at the end of {@code pipeline}, removes HTTP/1 exchange handlers that
   * a cleartext connection had before it switched, and turns auto-read on for the connection
   * (streams still read on demand).
   */
  public static void install(
      ChannelPipeline pipeline, ListenerContext listener, ConnectionInfo info) {
    Http1Pipeline.removeAfterCodec(pipeline);
    pipeline
        // Responses of many streams complete in one event-loop pass (each from its own upstream
        // read): flush them together, as one TLS record and one write, after the pass.
        .addLast(new FlushConsolidationHandler(MAX_FLUSHES_PER_WRITE, true))
        .addLast(
            Http2Settings.server(
                listener.limits(),
                listener.drainTimeout(),
                new Http2FrameWatch(listener.limits().http2MaxResetsPerWindow())))
        .addLast(new Http2ConnectionGuard(listener.limits()))
        .addLast(multiplexer(listener, info));
    pipeline.channel().config().setAutoRead(true);
  }

  /** The stream multiplexer (also used for the stream of an {@code h2c} upgrade request). */
  static Http2MultiplexHandler multiplexer(ListenerContext listener, ConnectionInfo info) {
    ChannelHandler streams = streamInitializer(listener, info);
    return new Http2MultiplexHandler(streams, streams);
  }

  private static ChannelInitializer<Http2StreamChannel> streamInitializer(
      ListenerContext listener, ConnectionInfo info) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Http2StreamChannel stream) {
        stream.config().setAutoRead(false);
        stream
            .pipeline()
            .addLast(new StreamStallGuard(listener.limits().idleTimeout()))
            .addLast(ExtendedConnectRefusal.INSTANCE)
            .addLast(new Http2StreamFrameToHttpObjectCodec(true))
            .addLast(StreamErrorReset.INSTANCE)
            .addLast(Http2MessageHygiene.INSTANCE)
            .addLast(new DemandReadHandler(false))
            .addLast(Http1Pipeline.exchanges(listener, info));
      }
    };
  }
}
