package dev.sluice.proxy.http1;

import dev.sluice.ir.ClientLimits;
import dev.sluice.proxy.transport.DeadlineTimer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.List;

/**
 * The two deadlines of an HTTP/1.1 client connection from its {@link ClientLimits}:
 *
 * <ul>
 *   <li>{@code requestHeadersTimeout} (slowloris): runs from accept, and after a response from the
 *       first byte of the next request, until the request head is decoded; on expiry the client
 *       gets {@code 408} and the connection closes.
 *   <li>{@code idleTimeout}: runs while no request is in flight and no byte of a new one arrived
 *       (keep-alive between requests); on expiry the connection closes.
 * </ul>
 *
 * <p>While an exchange runs neither applies (the route's timeouts do). Two handlers share the
 * state: {@link BytesWatch} before the codec sees raw bytes, {@link HeadWatch} after it sees
 * decoded heads and outgoing responses. Event-loop confined; one instance per connection.
 */
public final class Http1Deadlines {

  private enum State {
    HEAD,
    BUSY,
    IDLE
  }

  private final Duration headTimeout;
  private final Duration idleTimeout;
  private final BytesWatch bytes = new BytesWatch();
  private final HeadWatch heads = new HeadWatch();
  private State state = State.HEAD;
  private int pending;
  private DeadlineTimer timer;
  private ChannelHandlerContext headCtx;

  public Http1Deadlines(ClientLimits limits) {
    this.headTimeout = limits.requestHeadersTimeout();
    this.idleTimeout = limits.idleTimeout();
  }

  /** The handler that goes before the HTTP codec. */
  public ChannelInboundHandlerAdapter beforeCodec() {
    return bytes;
  }

  /** The handler that goes right after the HTTP codec. */
  public ChannelDuplexHandler afterCodec() {
    return heads;
  }

  private void arm(ChannelHandlerContext ctx, State next) {
    if (timer == null) {
      // One lazily re-armed task per connection instead of a schedule and a cancel per request.
      Duration step = headTimeout.compareTo(idleTimeout) < 0 ? headTimeout : idleTimeout;
      timer = new DeadlineTimer(ctx.executor(), step, this::expired);
    }
    state = next;
    timer.expireAfter(next == State.HEAD ? headTimeout : idleTimeout);
  }

  /** Stops the deadline of the current state (a request is in flight, or the head was refused). */
  private void pause() {
    if (timer != null) {
      timer.clear();
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel();
    }
  }

  private void expired() {
    ChannelHandlerContext ctx = headCtx;
    if (ctx == null || !ctx.channel().isActive()) {
      return;
    }
    if (state == State.HEAD) {
      String why = "request headers not received within " + headTimeout.toMillis() + " ms";
      ctx.writeAndFlush(LocalResponses.text(408, List.of(), why, true))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (state == State.IDLE) {
      ctx.close();
    }
  }

  /**
   * Sees raw bytes: the first byte after an idle period starts the head deadline, and the head's
   * lines are scanned for obsolete line folding, which is answered with 400 (RFC 9112 §5.2), so a
   * folded framing header can never be honoured.
   */
  final class BytesWatch extends ChannelInboundHandlerAdapter {
    private final HeadScanner scanner = new HeadScanner();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf && buf.isReadable() && headCtx != null) {
        if (state == State.IDLE) {
          arm(headCtx, State.HEAD);
          scanner.restart();
        }
        if (state == State.HEAD && scanner.foldsIn(buf)) {
          buf.release();
          rejectFolding();
          return;
        }
      }
      ctx.fireChannelRead(msg);
    }

    private void rejectFolding() {
      pause();
      state = State.BUSY;
      String why = "obsolete line folding in the request head (expected: one line per field)";
      headCtx
          .writeAndFlush(LocalResponses.text(400, List.of(), why, true))
          .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      cancel();
    }
  }

  /** Sees decoded request heads and the responses written back. */
  final class HeadWatch extends ChannelDuplexHandler {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      headCtx = ctx;
      arm(ctx, State.HEAD);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        pause();
        pending++;
        state = State.BUSY;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      boolean interim = msg instanceof HttpResponse r && r.status().code() < 200;
      if (!interim && msg instanceof LastHttpContent && pending > 0 && --pending == 0) {
        arm(ctx, State.IDLE);
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      cancel();
      headCtx = null;
    }
  }
}
