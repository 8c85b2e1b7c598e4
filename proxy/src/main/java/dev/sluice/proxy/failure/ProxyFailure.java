package dev.sluice.proxy.failure;

import java.util.Objects;

/**
 * Why an exchange could not be completed normally. Immutable. The response status is derived from
 * the kind, never chosen ad hoc.
 *
 * @param source which side failed
 * @param kind what went wrong
 * @param detail a short explanation for the client and the log, e.g. {@code no route for host
 *     foo.example.com path /x}
 */
public record ProxyFailure(Source source, Kind kind, String detail) {

  /** Which side of the proxy failed. */
  public enum Source {
    DOWNSTREAM,
    UPSTREAM,
    INTERNAL
  }

  /** What went wrong, with the status it maps to and whether another attempt could succeed. */
  public enum Kind {
    BAD_REQUEST(400, false),
    /** The client did not send a complete request head in time (slowloris). */
    HEADERS_TIMEOUT(408, false),
    /** The request line is longer than the listener allows. */
    URI_TOO_LONG(414, false),
    /** The request headers are larger or more numerous than the listener allows. */
    HEADERS_TOO_LARGE(431, false),
    NO_ROUTE(404, false),
    /** The request's host belongs to another virtual host than the TLS connection's SNI. */
    MISDIRECTED(421, false),
    INVALID_BACKEND(500, false),
    NO_BACKEND(500, false),
    NO_ENDPOINTS(503, true),
    CONNECT_REFUSED(503, true),
    CONNECT_TIMEOUT(503, true),
    UNREACHABLE(503, true),
    RESET(502, false),
    /** Every try allowed by the route's retry policy ended in a connection error. */
    RETRIES_EXHAUSTED(503, false),
    /** The proxy sheds load (memory pressure); the request reached no backend. */
    OVERLOADED(503, true),
    /** The route's request timeout expired before the response started. */
    REQUEST_TIMEOUT(504, false),
    /** One upstream attempt exceeded the route's backend request timeout. */
    BACKEND_TIMEOUT(504, false),
    PROTOCOL(502, false),
    /** The TLS handshake with the backend failed (untrusted certificate, wrong name, ...). */
    UPSTREAM_TLS(502, false),
    INTERNAL(500, false);

    private final int status;
    private final boolean retryable;

    Kind(int status, boolean retryable) {
      this.status = status;
      this.retryable = retryable;
    }

    public int status() {
      return status;
    }

    /** Whether the request never reached a backend, so that retrying it is always safe. */
    public boolean retryable() {
      return retryable;
    }
  }

  public ProxyFailure {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  public int status() {
    return kind.status();
  }

  @Override
  public String toString() {
    return source + " " + kind + " (" + kind.status() + "): " + detail;
  }
}
