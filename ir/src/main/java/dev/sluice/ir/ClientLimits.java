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
 * @param requestBodyTimeout the longest wait for the next bytes of a request body the proxy asked
 *     the client for; beyond → 408 and close (slow POST), the upstream attempt is abandoned
 * @param maxRequestsPerConnection requests served on one downstream connection; the response to the
 *     last one carries {@code Connection: close} (HTTP/2: a graceful {@code GOAWAY})
 * @param maxConnectionDuration age of a downstream connection after which it is closed once idle; a
 *     request in flight at that moment is the last one
 * @param tunnelIdleTimeout a protocol-switched tunnel (WebSocket) with no byte in either direction
 *     for this long is closed on both sides
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
    int maxClientHelloBytes,
    Duration requestBodyTimeout,
    int maxRequestsPerConnection,
    Duration maxConnectionDuration,
    Duration tunnelIdleTimeout) {

  /** Default of {@link #requestBodyTimeout}: NGINX's {@code client_body_timeout}. */
  public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Default of {@link #maxRequestsPerConnection}: high enough that load tools and multiplexing
   * clients that do not reconnect after {@code GOAWAY} (h2load, many gRPC benchmarks) never meet
   * it; {@link #maxConnectionDuration} is what bounds a hoarded connection by default. NGINX's
   * {@code keepalive_requests} is 1000; Envoy and HAProxy have no limit.
   */
  public static final int DEFAULT_MAX_REQUESTS_PER_CONNECTION = 1_000_000;

  /** Default of {@link #maxConnectionDuration}: NGINX's {@code keepalive_time}. */
  public static final Duration DEFAULT_MAX_CONNECTION_DURATION = Duration.ofHours(1);

  /** Default of {@link #tunnelIdleTimeout}: Envoy's TCP proxy {@code idle_timeout}. */
  public static final Duration DEFAULT_TUNNEL_IDLE_TIMEOUT = Duration.ofHours(1);

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
          64 * 1024,
          DEFAULT_REQUEST_BODY_TIMEOUT,
          DEFAULT_MAX_REQUESTS_PER_CONNECTION,
          DEFAULT_MAX_CONNECTION_DURATION,
          DEFAULT_TUNNEL_IDLE_TIMEOUT);

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
    positive("maxRequestsPerConnection", maxRequestsPerConnection);
    Objects.requireNonNull(requestHeadersTimeout, "requestHeadersTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(tlsHandshakeTimeout, "tlsHandshakeTimeout");
    positive("requestBodyTimeout", requestBodyTimeout);
    positive("maxConnectionDuration", maxConnectionDuration);
    positive("tunnelIdleTimeout", tunnelIdleTimeout);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }
}
