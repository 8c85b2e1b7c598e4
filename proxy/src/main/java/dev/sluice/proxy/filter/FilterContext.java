package dev.sluice.proxy.filter;

import dev.sluice.ir.Backend;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;

/**
 * What the exchange offers its filters besides the messages themselves. Implemented by the
 * exchange; event-loop confined, valid for one request.
 */
public interface FilterContext {

  /** The scheme the client used, {@code http}. */
  String scheme();

  /** The request host as the client sent it, lower case, without port. */
  String host();

  /** The port of the listener that accepted the request. */
  int listenerPort();

  /**
   * Starts a fire-and-forget copy of a request to {@code backend}; empty when the backend has no
   * endpoints or is invalid. The copy's response is discarded.
   *
   * @param head the request head to send; the mirror takes ownership of this object
   */
  Optional<MirrorTap> openMirror(Backend backend, HttpRequest head);
}
