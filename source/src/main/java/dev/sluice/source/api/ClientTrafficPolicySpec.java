package dev.sluice.source.api;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalPolicyTargetReferenceWithSectionName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec of a {@link ClientTrafficPolicy}: its targets and the limits it sets. Every limit is
 * optional; an unset one keeps Sluice's default. Sizes are Kubernetes quantities ({@code 8Ki},
 * {@code 1Mi}, {@code 65536}); durations are Gateway API durations ({@code 10s}, {@code 1m30s}).
 * Values are range-checked by the translator, not here, so that a bad value becomes a status
 * condition on the policy rather than a load error.
 *
 * <p>Immutable.
 *
 * @param targetRefs the Gateways (and optionally one listener each, by {@code sectionName})
 */
public record ClientTrafficPolicySpec(
    List<LocalPolicyTargetReferenceWithSectionName> targetRefs,
    Optional<Headers> headers,
    Optional<Timeouts> timeouts,
    Optional<Connection> connection,
    Optional<Http2> http2,
    Optional<Tls> tls,
    Optional<Body> body) {

  public ClientTrafficPolicySpec {
    targetRefs = targetRefs == null ? List.of() : List.copyOf(targetRefs);
    headers = orEmpty(headers);
    timeouts = orEmpty(timeouts);
    connection = orEmpty(connection);
    http2 = orEmpty(http2);
    tls = orEmpty(tls);
    body = orEmpty(body);
  }

  /**
   * HTTP/1.1 request head limits.
   *
   * @param maxRequestLineSize method, target and version together
   * @param maxHeadersSize all header lines together
   * @param maxHeaders header fields
   */
  public record Headers(
      Optional<ByteSize> maxRequestLineSize,
      Optional<ByteSize> maxHeadersSize,
      Optional<Integer> maxHeaders) {
    public Headers {
      maxRequestLineSize = orEmpty(maxRequestLineSize);
      maxHeadersSize = orEmpty(maxHeadersSize);
      maxHeaders = orEmpty(maxHeaders);
    }
  }

  /**
   * Downstream deadlines.
   *
   * @param requestHeaders until a complete request head has arrived
   * @param idle a connection without a request in flight is closed after this
   * @param requestBody the longest pause between two pieces of a request body
   * @param tunnelIdle a WebSocket (or other upgraded) tunnel silent in both directions is closed
   *     after this
   */
  public record Timeouts(
      Optional<String> requestHeaders,
      Optional<String> idle,
      Optional<String> requestBody,
      Optional<String> tunnelIdle) {
    public Timeouts {
      requestHeaders = orEmpty(requestHeaders);
      idle = orEmpty(idle);
      requestBody = orEmpty(requestBody);
      tunnelIdle = orEmpty(tunnelIdle);
    }
  }

  /**
   * Connection limits.
   *
   * @param maxConnections open downstream connections on the listener's socket
   * @param maxRequests requests served on one connection before it is closed (HTTP/1.1: {@code
   *     Connection: close} on the last response; HTTP/2: {@code GOAWAY})
   * @param maxDuration age after which a connection is closed once its current request is done
   */
  public record Connection(
      Optional<Integer> maxConnections,
      Optional<Integer> maxRequests,
      Optional<String> maxDuration) {
    public Connection {
      maxConnections = orEmpty(maxConnections);
      maxRequests = orEmpty(maxRequests);
      maxDuration = orEmpty(maxDuration);
    }
  }

  /**
   * HTTP/2 settings advertised to and enforced on clients.
   *
   * @param maxResetsPer30s client stream resets tolerated per 30 seconds (rapid reset)
   */
  public record Http2(
      Optional<Integer> maxConcurrentStreams,
      Optional<ByteSize> maxHeaderListSize,
      Optional<ByteSize> initialStreamWindowSize,
      Optional<ByteSize> initialConnectionWindowSize,
      Optional<Integer> maxResetsPer30s) {
    public Http2 {
      maxConcurrentStreams = orEmpty(maxConcurrentStreams);
      maxHeaderListSize = orEmpty(maxHeaderListSize);
      initialStreamWindowSize = orEmpty(initialStreamWindowSize);
      initialConnectionWindowSize = orEmpty(initialConnectionWindowSize);
      maxResetsPer30s = orEmpty(maxResetsPer30s);
    }
  }

  /**
   * TLS handshake limits.
   *
   * @param handshakeTimeout the whole handshake, ClientHello included
   * @param maxClientHelloSize the ClientHello read to choose a certificate by SNI
   */
  public record Tls(Optional<String> handshakeTimeout, Optional<ByteSize> maxClientHelloSize) {
    public Tls {
      handshakeTimeout = orEmpty(handshakeTimeout);
      maxClientHelloSize = orEmpty(maxClientHelloSize);
    }
  }

  /**
   * Request body limits.
   *
   * @param maxBufferedSize a body the gateway must hold in memory (when a filter buffers it)
   */
  public record Body(Optional<ByteSize> maxBufferedSize) {
    public Body {
      maxBufferedSize = orEmpty(maxBufferedSize);
    }
  }

  // Jackson passes null for an absent or explicitly null Optional in some paths; normalise.
  private static <T> Optional<T> orEmpty(Optional<T> value) {
    return Objects.requireNonNullElse(value, Optional.empty());
  }
}
