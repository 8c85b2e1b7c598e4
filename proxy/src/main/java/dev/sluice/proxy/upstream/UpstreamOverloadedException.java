package dev.sluice.proxy.upstream;

/**
 * A request was refused before it reached the backend because one of the backend's circuit-breaker
 * caps ({@link UpstreamLimits}) was reached. Answered at once with 503 and {@link #HEADER}; never
 * retried. Carries no stack trace: overflow is an expected, possibly frequent, outcome.
 */
public final class UpstreamOverloadedException extends Exception {

  /** The response header that marks a 503 as an overflow rather than a backend failure. */
  public static final String HEADER = "x-sluice-overloaded";

  /** Which cap overflowed. */
  public enum Limit {
    CONNECTIONS,
    PENDING,
    REQUESTS,
    RETRIES
  }

  private final Limit limit;

  UpstreamOverloadedException(String backend, Limit limit) {
    super(
        "upstream "
            + backend
            + " overloaded: "
            + limit.name().toLowerCase(java.util.Locale.ROOT)
            + (limit == Limit.RETRIES ? " budget exhausted" : " limit reached"),
        null,
        false,
        false);
    this.limit = limit;
  }

  public Limit limit() {
    return limit;
  }
}
