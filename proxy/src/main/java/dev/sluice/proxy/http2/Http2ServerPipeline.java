package dev.sluice.proxy.http2;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.Http1Pipeline;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.transport.Http2Settings;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * HTTP/2 on a client connection: a frame codec with the limits and flood protections of {@link
 * Http2Settings}, and a multiplexer that gives every stream its own child channel. Each stream is
 * translated to HTTP/1 objects ({@code :authority} → {@code Host}, trailers kept, connection
 * headers dropped, field values checked; see {@link StreamBridge}) and driven by the same exchange
 * code as HTTP/1.1, so both reach the same routes. Streams read on demand, so HTTP/2 flow control
 * pushes back on a client whose upstream is slow. The connection's frames are watched by {@link
 * Http2FrameWatch} (every server reset counts, stream-id misuse is a connection error); each stream
 * turns stream errors into the right RST_STREAM, refuses extended CONNECT and is reset when its
 * response stalls ({@link StreamStallGuard}, one per connection). The connection closes lingering
 * ({@link dev.sluice.proxy.transport.LingeringClose}, installed where the connection is accepted or
 * its ALPN is chosen): after the final {@code GOAWAY} its output is shut down and what the client
 * still sends is dropped until it closes, so a stream opened while the {@code GOAWAY} was in flight
 * cannot turn the close into a reset. Stateless.
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
    StreamStallGuard stallGuard = stallGuard(listener);
    pipeline
        .addLast(codec(listener))
        .addLast(flushes())
        .addLast(new Http2ConnectionGuard(listener.limits(), stallGuard))
        .addLast(multiplexer(listener, info, stallGuard));
    pipeline.channel().config().setAutoRead(true);
  }

  /** The frame codec of a client connection. */
  static Http2FrameCodec codec(ListenerContext listener) {
    return Http2Settings.server(
        listener.limits(),
        listener.drainTimeout(),
        new Http2FrameWatch(listener.limits().http2MaxResetsPerWindow()));
  }

  /**
   * Sits between the frame codec and the streams. Responses of many streams complete in one
   * event-loop pass (each from its own upstream read) and each flushes its stream: those flushes
   * reach the codec as one, after the pass, so the codec hands its queued DATA to TLS once and TLS
   * writes one record and makes one syscall for all of them.
   */
  static FlushConsolidationHandler flushes() {
    return new FlushConsolidationHandler(MAX_FLUSHES_PER_WRITE, true);
  }

  /** The stall guard of a client connection's streams. */
  static StreamStallGuard stallGuard(ListenerContext listener) {
    return new StreamStallGuard(listener.limits().idleTimeout());
  }

  /** The stream multiplexer (also used for the stream of an {@code h2c} upgrade request). */
  static Http2MultiplexHandler multiplexer(
      ListenerContext listener, ConnectionInfo info, StreamStallGuard stallGuard) {
    ChannelHandler streams = new StreamSetup(listener, info, stallGuard);
    return new Http2MultiplexHandler(streams, streams);
  }
}
