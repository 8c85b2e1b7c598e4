package dev.sluice.proxy.http1;

import dev.sluice.ir.RetryPolicy;
import dev.sluice.proxy.failure.ProxyFailure;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a failed try of one request is sent again under the route's {@link RetryPolicy},
 * and counts the retries used. {@code attempts} counts retries, so {@code attempts: 2} allows three
 * tries. Event-loop confined; part of one {@link Exchange}.
 *
 * <p>Safety: request bodies are streamed, never buffered, so only a request none of whose body
 * bytes went upstream can be sent again. A response status listed in {@code codes} is retried only
 * for idempotent methods: the backend answered, so it may have applied a POST before it failed
 * (Envoy retries any method here; a gateway that promises never to duplicate a non-idempotent
 * request cannot). A connection error (refused, reset before the response, backend request timeout)
 * is retried when the request provably did not reach the backend whole, or when its method is
 * idempotent.
 */
final class RetryDecision {

  /** How much of the request went upstream during the failed try. */
  enum Sent {
    /** Nothing: the connection was never established, or the head was not written. */
    NOTHING,
    /** The head, but not the end of the body. */
    HEAD,
    /** The whole request. */
    ALL
  }

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.TRACE,
          HttpMethod.PUT,
          HttpMethod.DELETE);

  private final Optional<RetryPolicy> policy;
  private final HttpMethod method;
  private int used;

  RetryDecision(Optional<RetryPolicy> policy, HttpMethod method) {
    this.policy = policy;
    this.method = method;
  }

  /** Retries taken so far. */
  int used() {
    return used;
  }

  /** Whether the route has a retry policy (then it alone decides how often a request is tried). */
  boolean hasPolicy() {
    return policy.isPresent();
  }

  /** After a response with {@code status}: the backoff before retrying, or empty to relay it. */
  Optional<Duration> afterStatus(int status, boolean replayable) {
    if (policy.isEmpty()
        || !policy.get().codes().contains(status)
        || !IDEMPOTENT.contains(method)) {
      return Optional.empty();
    }
    return take(replayable);
  }

  /** After a try failed without a response: the backoff before retrying, or empty to give up. */
  Optional<Duration> afterConnectionError(ProxyFailure.Kind kind, Sent sent, boolean replayable) {
    boolean connectionError =
        kind.retryable()
            || kind == ProxyFailure.Kind.RESET
            || kind == ProxyFailure.Kind.BACKEND_TIMEOUT;
    if (!connectionError || (sent == Sent.ALL && !IDEMPOTENT.contains(method))) {
      return Optional.empty();
    }
    return take(replayable);
  }

  private Optional<Duration> take(boolean replayable) {
    if (!replayable || policy.isEmpty() || used >= policy.get().attempts()) {
      return Optional.empty();
    }
    used++;
    return Optional.of(policy.get().backoff().orElse(Duration.ZERO));
  }
}
