package dev.sluice.proxy.transport;

import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;

/**
 * HTTP/2 connection settings and flood protections, shared by the downstream server and the
 * upstream client (reliability-security.md §3.2): at most 100 concurrent streams, a 16 KiB header
 * list, 64 KiB stream windows, Rapid Reset and MadeYouReset limits (200 RST per 30 s either way),
 * 10000 queued control frames, 2 consecutive empty DATA frames, validated headers and
 * pseudo-headers, and (client side, the only side Netty supports it on) the peer's stream limit
 * enforced on our own streams. Stateless.
 */
public final class Http2Settings {

  public static final int MAX_CONCURRENT_STREAMS = 100;
  public static final int MAX_HEADER_LIST_SIZE = 16 * 1024;
  public static final int INITIAL_WINDOW_SIZE = 64 * 1024;

  private Http2Settings() {}

  /** A frame codec for an accepted connection. */
  public static Http2FrameCodec server() {
    return protect(Http2FrameCodecBuilder.forServer()).build();
  }

  /** A frame codec for a connection to a backend (server push disabled). */
  public static Http2FrameCodec client() {
    Http2FrameCodecBuilder builder =
        protect(Http2FrameCodecBuilder.forClient()).encoderEnforceMaxConcurrentStreams(true);
    builder.initialSettings().pushEnabled(false);
    return builder.build();
  }

  private static Http2FrameCodecBuilder protect(Http2FrameCodecBuilder builder) {
    builder
        .initialSettings()
        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
        .maxHeaderListSize(MAX_HEADER_LIST_SIZE)
        .initialWindowSize(INITIAL_WINDOW_SIZE);
    return builder
        .validateHeaders(true)
        .validateRequiredPseudoHeaders(true)
        .encoderEnforceMaxQueuedControlFrames(10_000)
        .decoderEnforceMaxRstFramesPerWindow(200, 30)
        .encoderEnforceMaxRstFramesPerWindow(200, 30)
        .decoderEnforceMaxConsecutiveEmptyDataFrames(2)
        .gracefulShutdownTimeoutMillis(10_000);
  }
}
