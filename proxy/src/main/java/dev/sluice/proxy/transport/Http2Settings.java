package dev.sluice.proxy.transport;

import dev.sluice.ir.ClientLimits;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameLogger;
import java.time.Duration;

/**
 * HTTP/2 connection settings and flood protections (reliability-security.md §3.2). Client
 * connections take the advertised limits from the listener's {@link ClientLimits}: concurrent
 * streams, header list size, initial stream window and the Rapid Reset budget (client RST_STREAMs
 * per 30 s). Both sides get MadeYouReset protection (200 generated non-CANCEL RST per 30 s; client
 * connections also count every reset, CANCEL included, in the frame watch), 10000 queued control
 * frames, 2 consecutive empty DATA frames, validated headers and pseudo-headers, and (client side,
 * the only side Netty supports it on) the peer's stream limit enforced on our own streams.
 * Stateless.
 */
public final class Http2Settings {

  public static final int MAX_CONCURRENT_STREAMS = 100;
  public static final int MAX_HEADER_LIST_SIZE = 16 * 1024;
  public static final int INITIAL_WINDOW_SIZE = 64 * 1024;
  private static final int RESET_WINDOW_SECONDS = 30;

  private Http2Settings() {}

  /**
   * A frame codec for an accepted connection; closing it sends {@code GOAWAY} and lets open streams
   * finish within {@code drainTimeout}. {@code watch} sees every frame the codec reads and writes
   * (the connection's own checks hook in there; see {@code Http2FrameWatch}).
   */
  public static Http2FrameCodec server(
      ClientLimits limits, Duration drainTimeout, Http2FrameLogger watch) {
    Http2FrameCodecBuilder builder = Http2FrameCodecBuilder.forServer().frameLogger(watch);
    builder
        .initialSettings()
        .maxConcurrentStreams(limits.http2MaxConcurrentStreams())
        .maxHeaderListSize(limits.http2MaxHeaderListBytes())
        .initialWindowSize(limits.http2InitialStreamWindowBytes());
    return protect(builder)
        .decoderEnforceMaxRstFramesPerWindow(limits.http2MaxResetsPerWindow(), RESET_WINDOW_SECONDS)
        .gracefulShutdownTimeoutMillis(drainTimeout.toMillis())
        .build();
  }

  /** A frame codec for a connection to a backend (server push disabled). */
  public static Http2FrameCodec client() {
    Http2FrameCodecBuilder builder =
        protect(Http2FrameCodecBuilder.forClient()).encoderEnforceMaxConcurrentStreams(true);
    builder
        .initialSettings()
        .pushEnabled(false)
        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
        .maxHeaderListSize(MAX_HEADER_LIST_SIZE)
        .initialWindowSize(INITIAL_WINDOW_SIZE);
    return builder
        .decoderEnforceMaxRstFramesPerWindow(200, RESET_WINDOW_SECONDS)
        .gracefulShutdownTimeoutMillis(10_000)
        .build();
  }

  private static Http2FrameCodecBuilder protect(Http2FrameCodecBuilder builder) {
    return builder
        .validateHeaders(true)
        .validateRequiredPseudoHeaders(true)
        .encoderEnforceMaxQueuedControlFrames(10_000)
        .encoderEnforceMaxRstFramesPerWindow(200, RESET_WINDOW_SECONDS)
        .decoderEnforceMaxConsecutiveEmptyDataFrames(2);
  }
}
