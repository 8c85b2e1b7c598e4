package dev.sluice.proxy.http1;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The request head as the rule's filters left it, before any backend's filters ran: a retry that
 * picks a backend again restores it, so the new backend's filters do not stack on the previous
 * one's edits. Taken only for routes with a retry policy. Event-loop confined.
 *
 * @param uri the request target
 * @param headers a copy of the headers
 */
record PristineRequest(String uri, HttpHeaders headers) {

  static PristineRequest of(HttpRequest request) {
    return new PristineRequest(request.uri(), request.headers().copy());
  }

  /** Puts the saved target and headers back into {@code request}. */
  void restore(HttpRequest request) {
    request.setUri(uri);
    request.headers().set(headers);
  }
}
