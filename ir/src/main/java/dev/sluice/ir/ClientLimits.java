package dev.sluice.ir;

import java.time.Duration;
import java.util.Objects;

/**
 * What a listener's socket tolerates from clients: sizes, counts, deadlines and HTTP/2 settings.
 * Set per listener by a {@code ClientTrafficPolicy}; {@link #DEFAULTS} are edge-safe values (see
 * {@code docs/limits.md} for each default next to Envoy's, NGINX's and HAProxy's).
 *
 * @param maxRequestLineBytes request line (method, target, version); beyond → 414
 * @param maxHeaderBytes all request header lines together; beyond → 431
 * @param maxHeaderCount request header fields; beyond → 431
 * @param maxBufferedBodyBytes a body the gateway must hold (when a filter buffers); beyond → 413
 * @param requestHeadersTimeout from connection (or previous response) to a complete request head;
 *     beyond → 408 and close (slowloris)
 * @param idleTimeout a downstream connection with no request in flight is closed after this
 * @param maxConnections open downstream connections on this listener; more are refused
 * @param http2MaxConcurrentStreams advertised and enforced per connection
 * @param http2MaxHeaderListBytes advertised {@code SETTINGS_MAX_HEADER_LIST_SIZE}
 * @param http2InitialStreamWindowBytes per-stream flow-control window
 * @param http2ConnectionWindowBytes per-connection flow-control window
 * @param http2MaxResetsPerWindow client {@code RST_STREAM}s tolerated per 30 s (rapid reset)
 * @param tlsHandshakeTimeout a TLS handshake (ClientHello included) must finish within this
 * @param maxClientHelloBytes the ClientHello read to choose a certificate by SNI
 */
public record ClientLimits(
    int maxRequestLineBytes,
    int maxHeaderBytes,
    int maxHeaderCount,
    long maxBufferedBodyBytes,
    Duration requestHeadersTimeout,
    Duration idleTimeout,
    int maxConnections,
    int http2MaxConcurrentStreams,
    int http2MaxHeaderListBytes,
    int http2InitialStreamWindowBytes,
    int http2ConnectionWindowBytes,
    int http2MaxResetsPerWindow,
    Duration tlsHandshakeTimeout,
    int maxClientHelloBytes) {

  /** Edge-safe defaults, sized like the trusted proxies' recommended edge settings. */
  public static final ClientLimits DEFAULTS =
      new ClientLimits(
          8 * 1024,
          64 * 1024,
          100,
          1024 * 1024,
          Duration.ofSeconds(10),
          Duration.ofSeconds(120),
          10_000,
          100,
          64 * 1024,
          64 * 1024,
          1024 * 1024,
          200,
          Duration.ofSeconds(10),
          64 * 1024);

  public ClientLimits {
    positive("maxRequestLineBytes", maxRequestLineBytes);
    positive("maxHeaderBytes", maxHeaderBytes);
    positive("maxHeaderCount", maxHeaderCount);
    positive("maxBufferedBodyBytes", maxBufferedBodyBytes);
    positive("maxConnections", maxConnections);
    positive("http2MaxConcurrentStreams", http2MaxConcurrentStreams);
    positive("http2MaxHeaderListBytes", http2MaxHeaderListBytes);
    positive("http2InitialStreamWindowBytes", http2InitialStreamWindowBytes);
    positive("http2ConnectionWindowBytes", http2ConnectionWindowBytes);
    positive("http2MaxResetsPerWindow", http2MaxResetsPerWindow);
    positive("maxClientHelloBytes", maxClientHelloBytes);
    Objects.requireNonNull(requestHeadersTimeout, "requestHeadersTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
