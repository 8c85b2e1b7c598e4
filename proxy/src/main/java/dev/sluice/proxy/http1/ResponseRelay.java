package dev.sluice.proxy.http1;

import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import dev.sluice.proxy.filter.FilterAction;
import dev.sluice.proxy.filter.HttpFilter;
import dev.sluice.proxy.upstream.PassThroughResponse;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Carries the response back to the client: interim 100 Continue, head (re-framed, response filters
 * applied) and streamed body. Upstream reading pauses while the client connection is not writable
 * and resumes on writability. Also writes local responses. Event-loop confined; part of one {@link
 * Exchange}.
 */
final class ResponseRelay implements ChannelFutureListener {

  private final Exchange exchange;
  private boolean started;
  private boolean continueSent;
  private boolean interimPending;
  private boolean awaitingWritable;
  private boolean upstreamKeepAlive;
  private boolean received;
  private boolean requestSent;
  private boolean written;

  /**
   * Written to the client but not flushed yet: the head, or chunks decoded from one upstream read.
   * The flush runs as a task after the event loop finished the current read, so the head and the
   * body of a small response (which the decoder emits one after the other from one socket read)
   * leave in one syscall, and so do consecutive chunks of one read.
   */
  private boolean flushPending;

  private boolean flushScheduled;

  ResponseRelay(Exchange exchange) {
    this.exchange = exchange;
  }

  boolean started() {
    return started;
  }

  boolean continueSent() {
    return continueSent;
  }

  boolean written() {
    return written;
  }

  /** Whether the whole request (head and body) reached the current attempt's upstream. */
  boolean requestWritten() {
    return requestSent;
  }

  /** Forgets the failed attempt's progress; only called while nothing was sent downstream. */
  void resetForRetry() {
    interimPending = false;
    awaitingWritable = false;
    upstreamKeepAlive = false;
    received = false;
    requestSent = false;
  }

  /** The whole request reached the upstream. */
  void requestSent() {
    requestSent = true;
    releaseUpstreamIfDone();
  }

  /** A message from the upstream; takes ownership. */
  void onUpstreamMessage(HttpObject msg) {
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      protocolError(
          "invalid response from upstream "
              + exchange.endpoint()
              + ": "
              + msg.decoderResult().cause().getMessage());
    } else if (msg instanceof FullHttpResponse full) {
      onFull(full);
    } else if (msg instanceof HttpResponse head) {
      onHead(head);
    } else if (msg instanceof HttpContent content) {
      onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  /** A whole response in one message (HTTP/2 upstreams): head, then body and trailers. */
  private void onFull(FullHttpResponse full) {
    HttpResponse head =
        new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers());
    LastHttpContent rest = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
    onHead(head);
    if (started && !exchange.finished() && exchange.upstream != null) {
      onContent(rest);
    } else {
      rest.release();
    }
  }

  private void onHead(HttpResponse head) {
    int code = head.status().code();
    if (code == 101) {
      if (exchange.upgrade) {
        started = true;
        exchange.switchProtocols(head);
      } else {
        protocolError(
            "upstream " + exchange.endpoint() + " switched protocols without being asked to");
      }
      return;
    }
    if (code < 200) {
      interimPending = true;
      if (code == 100 && exchange.expectContinue && !continueSent && isHttp11Client()) {
        continueSent = true;
        exchange.downstream.writeAndFlush(
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      }
      readUpstream();
      return;
    }
    if (exchange.retryOnStatus(head)) {
      return;
    }
    exchange.phase(ExchangePhase.RESPONSE_HEADERS);
    if (head instanceof PassThroughResponse raw) {
      // Already in forwarding form: hop-by-hop fields dropped, one canonical Content-Length, and
      // never the answer to HEAD; the encoder copies its fields as they came.
      upstreamKeepAlive = raw.keepAlive();
    } else {
      upstreamKeepAlive = HttpUtil.isKeepAlive(head);
      ProxyHeaders.prepareResponse(head, exchange.method, exchange.clientVersion);
    }
    if (exchange.draining()) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    for (int i = exchange.filters.size() - 1; i >= 0; i--) {
      if (!exchange.apply(exchange.filters.get(i).onResponseHeaders(exchange, head))) {
        return;
      }
    }
    started = true;
    exchange.phase(ExchangePhase.RESPONSE_BODY);
    // A failed write closes the connection (exceptionCaught), which aborts the exchange.
    exchange.downstream.write(head, exchange.downstream.voidPromise());
    readThenFlush();
  }

  /**
   * Asks the upstream for the next message and flushes what is pending once the event loop has
   * handled the rest of the current read; the last message of a response flushes at once.
   */
  private void readThenFlush() {
    flushPending = true;
    readUpstream();
    if (flushPending && !flushScheduled) {
      flushScheduled = true;
      exchange.downstream.eventLoop().execute(this::scheduledFlush);
    }
  }

  private void scheduledFlush() {
    flushScheduled = false;
    if (flushPending) {
      flushPending = false;
      exchange.downstream.flush();
    }
  }

  private void onContent(HttpContent content) {
    if (interimPending) {
      // The empty end of a 1xx response; the real response follows.
      interimPending = false;
      content.release();
      readUpstream();
      return;
    }
    for (int i = exchange.filters.size() - 1; i >= 0; i--) {
      HttpFilter filter = exchange.filters.get(i);
      if (filter.onResponseBody(exchange, content) instanceof FilterAction.Respond) {
        // The head is on the wire; a filter can no longer replace the response.
        content.release();
        exchange.abort();
        return;
      }
    }
    if (content instanceof LastHttpContent) {
      onLast(content);
    } else {
      exchange.downstream.write(content, exchange.downstream.voidPromise());
      if (exchange.downstream.isWritable()) {
        readThenFlush();
      } else {
        // Set before flushing: a flush the socket takes at once makes the channel writable again
        // synchronously, and that event must resume reading.
        awaitingWritable = true;
        flushPending = false;
        exchange.downstream.flush();
      }
    }
  }

  private void onLast(HttpContent content) {
    flushPending = false;
    ChannelFuture write = exchange.downstream.writeAndFlush(content);
    received = true;
    releaseUpstreamIfDone();
    write.addListener(this);
  }

  /** The last write of a relayed response completed (this object listens: no callback object). */
  @Override
  public void operationComplete(ChannelFuture f) {
    if (f.isSuccess()) {
      written = true;
      exchange.responseWritten(false);
    } else {
      exchange.abort();
    }
  }

  void onDownstreamWritable() {
    if (awaitingWritable) {
      awaitingWritable = false;
      readUpstream();
    }
  }

  /**
   * Ends a gRPC response whose head was already sent with trailers carrying {@code failure}'s gRPC
   * status, then closes (an HTTP/2 stream ends cleanly; an HTTP/1.1 connection is not reused).
   */
  void endWithGrpcStatus(ProxyFailure failure) {
    flushPending = false;
    awaitingWritable = false;
    LastHttpContent trailers = new DefaultLastHttpContent();
    trailers.trailingHeaders().setInt(GrpcResponses.STATUS, GrpcResponses.status(failure));
    trailers
        .trailingHeaders()
        .set(GrpcResponses.MESSAGE, GrpcResponses.percentEncode(failure.detail()));
    exchange
        .downstream
        .writeAndFlush(trailers)
        .addListener(f -> exchange.finish(f.isSuccess(), DownstreamHandler.After.CLOSE));
  }

  /** Writes a response made by the proxy; takes ownership. */
  void local(FullHttpResponse response, boolean closeAfter) {
    started = true;
    exchange
        .downstream
        .writeAndFlush(response)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                written = true;
                exchange.responseWritten(closeAfter);
              } else {
                exchange.abort();
              }
            });
  }

  /**
   * Once both the response and the request are complete, the connection goes back to the pool; if
   * the upstream answered before the request was fully sent, it is closed instead.
   */
  private void releaseUpstreamIfDone() {
    if (received) {
      exchange.releaseUpstream(requestSent && upstreamKeepAlive);
    }
  }

  private void protocolError(String detail) {
    if (started) {
      exchange.abort();
    } else {
      exchange.fail(new ProxyFailure(Source.UPSTREAM, Kind.PROTOCOL, detail));
    }
  }

  private void readUpstream() {
    if (exchange.upstream != null) {
      exchange.upstream.read();
    }
  }

  private boolean isHttp11Client() {
    return exchange.clientVersion.equals(HttpVersion.HTTP_1_1);
  }
}
