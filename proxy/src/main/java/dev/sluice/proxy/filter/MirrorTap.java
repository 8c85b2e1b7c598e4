package dev.sluice.proxy.filter;

import io.netty.handler.codec.http.HttpContent;

/**
 * The request side of a mirrored copy of a request. Event-loop confined. A tap never delays or
 * fails the main request: when the mirror cannot keep up or fails, it gives up silently.
 */
public interface MirrorTap {

  /**
   * Copies a request body chunk to the mirror; a {@code LastHttpContent} ends the mirrored request.
   * Borrows {@code chunk}: the tap retains what it keeps.
   */
  void body(HttpContent chunk);

  /** Gives up the mirrored request if it is not complete (the main request was aborted). */
  void abort();
}
