package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpHeader;
import java.util.List;
import java.util.Objects;

/**
 * What a filter wants the exchange to do after one of its callbacks: continue with the next filter,
 * or stop and answer the client itself. Immutable.
 */
public sealed interface FilterAction {

  /** Go on with the next filter, then the upstream. */
  FilterAction CONTINUE = Continue.INSTANCE;

  /** Continue. */
  enum Continue implements FilterAction {
    INSTANCE
  }

  /**
   * Stop processing and answer the client with this response; the upstream (if any) is abandoned.
   *
   * @param status the HTTP status
   * @param headers extra response headers
   * @param body a short text body, may be empty
   */
  record Respond(int status, List<HttpHeader> headers, String body) implements FilterAction {
    public Respond {
      headers = List.copyOf(headers);
      Objects.requireNonNull(body, "body");
    }
  }
}
