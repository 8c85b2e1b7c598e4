package dev.sluice.proxy.http1;

import dev.sluice.proxy.filter.HttpFilter;
import dev.sluice.proxy.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.List;
import java.util.Optional;

/**
 * Streams the request body from the client to the upstream: the next chunk is read only after the
 * previous one was written. After a local response, or once the upstream answered early, the rest
 * of the body is read and discarded (up to a limit) so the connection can be kept alive. Event-loop
 * confined; part of one {@link Exchange}.
 */
final class RequestBody {

  /** Beyond this many discarded bytes, closing is cheaper than reading on. */
  private static final long MAX_DISCARD = 1024 * 1024;

  private final Exchange exchange;
  private boolean received;
  private boolean started;
  private boolean forwarded;
  private boolean discarding;
  private long discarded;

  /** A chunk that arrived between two attempts, sent once the next attempt's head is. */
  private HttpContent held;

  /** Computed from the client's framing headers, before they are rewritten for the upstream. */
  private final boolean bodyMayFollow;

  RequestBody(Exchange exchange) {
    this.exchange = exchange;
    this.bodyMayFollow = bodyMayFollow(exchange.request, exchange.downstream);
  }

  /** Whether the client's last chunk arrived. */
  boolean received() {
    return received;
  }

  /** Whether the client sent any body byte. */
  boolean started() {
    return started;
  }

  /** Whether the request can be sent again: no body byte went upstream yet. */
  boolean replayable() {
    return !forwarded;
  }

  void resetForRetry() {
    // Nothing to undo: only an empty body can be replayed, see replayable().
  }

  /** The head reached the upstream: stream the body (or re-send its empty end after a retry). */
  void headSent(UpstreamConnection upstream) {
    if (held != null) {
      HttpContent content = held;
      held = null;
      send(upstream, content, content instanceof LastHttpContent);
    } else if (received) {
      forward(upstream, LastHttpContent.EMPTY_LAST_CONTENT, true);
    } else {
      askClient();
    }
  }

  /**
   * Asks the client for the next piece of the body, with the listener's body deadline: a client
   * that stalls (slow POST) gets 408 instead of holding the exchange and its upstream connection.
   */
  private void askClient() {
    if (bodyMayFollow) {
      exchange.timers.awaitBody(
          exchange.listener.limits().requestBodyTimeout(), exchange::onRequestBodyStalled);
    }
    exchange.downstream.read();
  }

  /**
   * Whether the client may still owe body bytes. An HTTP/1.x request without {@code Content-Length}
   * or {@code Transfer-Encoding} has an empty body (RFC 9112 §6.3) whose end the decoder produced
   * with the head, so waiting for it needs no deadline (and a keep-alive GET schedules no timer).
   * An HTTP/2 request whose HEADERS ended the stream arrives whole (a full request); any other
   * HTTP/2 request may: DATA can follow HEADERS without END_STREAM.
   */
  private static boolean bodyMayFollow(HttpRequest request, Channel downstream) {
    if (request instanceof LastHttpContent) {
      return false;
    }
    if (downstream instanceof Http2StreamChannel || HttpUtil.isTransferEncodingChunked(request)) {
      return true;
    }
    try {
      return HttpUtil.getContentLength(request, 0L) != 0L;
    } catch (NumberFormatException malformed) {
      return true; // a request the decoder rejected; the exchange answers 400
    }
  }

  /** Releases a chunk held between attempts; the exchange ended. */
  void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }

  /** Reads and drops the rest of the body. */
  void discardRest() {
    releaseHeld();
    discarding = true;
    if (!received) {
      askClient();
    }
  }

  /** A chunk from the client; takes ownership. */
  void onContent(HttpContent content) {
    exchange.timers.bodyArrived();
    boolean last = content instanceof LastHttpContent;
    if (content.decoderResult().isFailure()) {
      content.release();
      received = true;
      exchange.respondLocally(400, List.of(), "malformed request body", true);
      return;
    }
    received |= last;
    started |= content.content().isReadable();
    UpstreamConnection upstream = exchange.upstream;
    if (betweenAttempts(upstream) && content.content().isReadable()) {
      held = content;
      return;
    }
    if (discarding || upstream == null || exchange.finished()) {
      discard(content, last);
      return;
    }
    send(upstream, content, last);
  }

  /** A retry (or reconnect) is under way: no upstream now, but one will follow. */
  private boolean betweenAttempts(UpstreamConnection upstream) {
    return upstream == null
        && !discarding
        && !exchange.finished()
        && !exchange.response.started()
        && held == null;
  }

  private void send(UpstreamConnection upstream, HttpContent content, boolean last) {
    for (HttpFilter filter : exchange.filters) {
      if (!exchange.apply(filter.onRequestBody(exchange, content))) {
        content.release();
        return;
      }
    }
    forwarded |= content.content().isReadable();
    forward(upstream, content, last);
  }

  private void forward(UpstreamConnection upstream, HttpContent content, boolean last) {
    upstream
        .write(content)
        .addListener(
            w -> {
              if (!w.isSuccess()) {
                exchange.onUpstreamBroken(upstream, Optional.of(w.cause()));
              } else if (exchange.upstream != upstream) {
                // The attempt ended meanwhile (answered, timed out or retried elsewhere).
              } else if (last) {
                exchange.response.requestSent();
              } else if (!exchange.finished() && exchange.upstream == upstream) {
                askClient();
              }
            });
  }

  private void discard(HttpContent content, boolean last) {
    discarded += content.content().readableBytes();
    content.release();
    if (last) {
      if (exchange.response.written()) {
        exchange.finish(true, DownstreamHandler.After.KEEP_ALIVE);
      }
    } else if (discarded > MAX_DISCARD) {
      exchange.abort();
    } else {
      askClient();
    }
  }
}
