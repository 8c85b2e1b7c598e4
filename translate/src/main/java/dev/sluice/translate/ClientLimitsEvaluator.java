package dev.sluice.translate;

import dev.sluice.ir.ClientLimits;
import dev.sluice.source.api.ByteSize;
import dev.sluice.source.api.ClientTrafficPolicySpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns the limits of a {@code ClientTrafficPolicy} spec into {@link ClientLimits}: each unset
 * field keeps {@link ClientLimits#DEFAULTS}; each set field must parse and lie within its range, or
 * the whole policy is invalid with a message naming the first bad field. Stateless.
 *
 * <p>The ranges refuse zero (which would disable a protection or the listener) and values so large
 * that they disable the protection in effect; the HTTP/2 connection window also may not go below
 * the protocol's own initial window of 65535 bytes, which a server cannot shrink.
 */
final class ClientLimitsEvaluator {

  /** The limits, or the field and message that make the spec invalid. */
  sealed interface Result {
    record Valid(ClientLimits limits) implements Result {}

    /**
     * @param field the bad field's path, e.g. {@code spec.headers.maxHeaders}
     * @param message the bad value and what was expected
     */
    record Invalid(String field, String message) implements Result {}
  }

  private static final long KI = 1024;
  private static final long MI = KI * KI;

  private ClientLimitsEvaluator() {}

  static Result evaluate(ClientTrafficPolicySpec spec) {
    try {
      return new Result.Valid(limits(spec));
    } catch (BadValue e) {
      return new Result.Invalid(e.field, e.getMessage());
    }
  }

  private static ClientLimits limits(ClientTrafficPolicySpec spec) {
    ClientLimits d = ClientLimits.DEFAULTS;
    var headers = spec.headers();
    var timeouts = spec.timeouts();
    var http2 = spec.http2();
    var tls = spec.tls();
    return new ClientLimits(
        (int)
            size(
                "headers.maxRequestLineSize",
                headers.flatMap(h -> h.maxRequestLineSize()),
                1,
                MI,
                d.maxRequestLineBytes()),
        (int)
            size(
                "headers.maxHeadersSize",
                headers.flatMap(h -> h.maxHeadersSize()),
                1,
                MI,
                d.maxHeaderBytes()),
        count(
            "headers.maxHeaders", headers.flatMap(h -> h.maxHeaders()), 10_000, d.maxHeaderCount()),
        size(
            "body.maxBufferedSize",
            spec.body().flatMap(b -> b.maxBufferedSize()),
            1,
            KI * MI,
            d.maxBufferedBodyBytes()),
        duration(
            "timeouts.requestHeaders",
            timeouts.flatMap(t -> t.requestHeaders()),
            5,
            d.requestHeadersTimeout()),
        duration("timeouts.idle", timeouts.flatMap(t -> t.idle()), 24 * 60, d.idleTimeout()),
        count(
            "connection.maxConnections",
            spec.connection().flatMap(c -> c.maxConnections()),
            1_000_000,
            d.maxConnections()),
        count(
            "http2.maxConcurrentStreams",
            http2.flatMap(h -> h.maxConcurrentStreams()),
            10_000,
            d.http2MaxConcurrentStreams()),
        (int)
            size(
                "http2.maxHeaderListSize",
                http2.flatMap(h -> h.maxHeaderListSize()),
                1,
                MI,
                d.http2MaxHeaderListBytes()),
        (int)
            size(
                "http2.initialStreamWindowSize",
                http2.flatMap(h -> h.initialStreamWindowSize()),
                1,
                16 * MI,
                d.http2InitialStreamWindowBytes()),
        (int)
            size(
                "http2.initialConnectionWindowSize",
                http2.flatMap(h -> h.initialConnectionWindowSize()),
                65_535,
                64 * MI,
                d.http2ConnectionWindowBytes()),
        count(
            "http2.maxResetsPer30s",
            http2.flatMap(h -> h.maxResetsPer30s()),
            100_000,
            d.http2MaxResetsPerWindow()),
        duration(
            "tls.handshakeTimeout",
            tls.flatMap(t -> t.handshakeTimeout()),
            5,
            d.tlsHandshakeTimeout()),
        (int)
            size(
                "tls.maxClientHelloSize",
                tls.flatMap(t -> t.maxClientHelloSize()),
                1,
                MI,
                d.maxClientHelloBytes()),
        duration(
            "timeouts.requestBody",
            timeouts.flatMap(t -> t.requestBody()),
            60,
            d.requestBodyTimeout()),
        count(
            "connection.maxRequests",
            spec.connection().flatMap(c -> c.maxRequests()),
            100_000_000,
            d.maxRequestsPerConnection()),
        duration(
            "connection.maxDuration",
            spec.connection().flatMap(c -> c.maxDuration()),
            24 * 60,
            d.maxConnectionDuration()),
        duration(
            "timeouts.tunnelIdle",
            timeouts.flatMap(t -> t.tunnelIdle()),
            24 * 60,
            d.tunnelIdleTimeout()));
  }

  private static long size(
      String field, Optional<ByteSize> value, long min, long max, long fallback) {
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<BigDecimal> bytes = ByteQuantities.bytes(value.get());
    String text = value.get().text();
    if (bytes.isEmpty()) {
      throw new BadValue(
          field,
          "'%s' is not a size (expected: a whole number of bytes such as 65536, 64Ki or 1Mi)"
              .formatted(text));
    }
    if (bytes.get().compareTo(BigDecimal.valueOf(min)) < 0
        || bytes.get().compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new BadValue(
          field, "%s (expected: %s to %s bytes)".formatted(text, sized(min), sized(max)));
    }
    return bytes.get().longValueExact();
  }

  private static int count(String field, Optional<Integer> value, int max, int fallback) {
    if (value.isEmpty()) {
      return fallback;
    }
    if (value.get() < 1 || value.get() > max) {
      throw new BadValue(field, "%d (expected: 1 to %d)".formatted(value.get(), max));
    }
    return value.get();
  }

  private static Duration duration(
      String field, Optional<String> value, long maxMinutes, Duration fallback) {
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<Duration> parsed = GatewayDurations.parse(value.get());
    if (parsed.isEmpty()) {
      throw new BadValue(
          field,
          "'%s' is not a duration (expected: a Gateway API duration such as 10s, 500ms or 1m30s)"
              .formatted(value.get()));
    }
    if (parsed.get().isZero() || parsed.get().compareTo(Duration.ofMinutes(maxMinutes)) > 0) {
      throw new BadValue(
          field, "%s (expected: more than 0s and at most %dm)".formatted(value.get(), maxMinutes));
    }
    return parsed.get();
  }

  private static String sized(long bytes) {
    if (bytes >= MI && bytes % MI == 0) {
      return bytes / MI + "Mi";
    }
    return bytes >= KI && bytes % KI == 0 ? bytes / KI + "Ki" : Long.toString(bytes);
  }

  /** A field out of range; unwinds to {@link #evaluate}, which names the field. */
  private static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient String field;

    BadValue(String field, String message) {
      super(message, null, false, false);
      this.field = "spec." + field;
    }
  }
}
