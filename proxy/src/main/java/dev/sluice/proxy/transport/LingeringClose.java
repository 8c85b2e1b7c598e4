package dev.sluice.proxy.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lingering close: turns the first {@code close()} of a connection into "everything written, then
 * {@code FIN}, then read and drop what the peer still sends until it closes too, or {@link
 * #TIMEOUT} passes", and only then closes the socket.
 *
 * <p>Why: a server that closes a socket while the peer's bytes are still unread in the kernel's
 * receive buffer makes the kernel answer with a TCP reset instead of a {@code FIN}; the reset can
 * cost the peer what it had not read yet. On HTTP/2 that is the {@code GOAWAY}: a client that
 * opened a stream while our {@code GOAWAY} was in flight sees "connection reset" instead of "stream
 * above the last-stream-id, safe to retry" (RFC 9113 §6.8). Reading until the peer's own close
 * leaves nothing unread, so the close is clean.
 *
 * <p>Sits first in the pipeline (before TLS), so the closes it sees come after everything above it
 * is done: the frame codec's close after {@code GOAWAY} and open streams, and with TLS the {@code
 * SslHandler}'s close after {@code close_notify} was flushed. Its shutdown of the output thus sends
 * {@code FIN} after the {@code close_notify}. What is read while lingering is released at once, in
 * front of TLS and the codec: no frame is processed and nothing is buffered, whatever the peer
 * sends. The timeout runs from the close, so a peer that never closes, never reads (the last write
 * cannot finish) or floods keeps the connection at most {@link #TIMEOUT}; a second {@code close()}
 * meanwhile completes with the socket. Channels that cannot shut down their output alone (not a
 * {@link DuplexChannel}) close at once.
 *
 * <p>Event-loop confined; one instance per connection.
 */
public final class LingeringClose extends ChannelDuplexHandler {

  /**
   * The longest a connection lingers after its close: a few round trips of a slow client, short
   * enough not to matter to a shutdown (the drain timeout is longer) or to a flood of closes.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(LingeringClose.class);

  private final long timeoutNanos;
  private boolean lingering;
  private ScheduledFuture<?> timer;

  /** Lingers at most {@link #TIMEOUT}. */
  public LingeringClose() {
    this(TIMEOUT);
  }

  /** Lingers at most {@code timeout}. */
  public LingeringClose(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    Channel ch = ctx.channel();
    if (lingering) {
      ch.closeFuture().addListener(f -> promise.trySuccess());
      return;
    }
    if (!ch.isActive() || !(ch instanceof DuplexChannel duplex) || duplex.isOutputShutdown()) {
      ctx.close(promise);
      return;
    }
    lingering = true;
    ch.closeFuture().addListener(f -> promise.trySuccess());
    timer = ctx.executor().schedule(() -> closeNow(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    // Shutting the output down drops what is still queued, so wait for the queue to be written
    // (an empty write completes after everything before it).
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            written -> {
              if (!written.isSuccess()) {
                closeNow(ctx);
                return;
              }
              duplex
                  .shutdownOutput()
                  .addListener(
                      shut -> {
                        if (!shut.isSuccess()) {
                          closeNow(ctx);
                        }
                      });
            });
    // Reads may have been paused for back-pressure; from now on everything is read and dropped.
    ch.config().setAutoRead(true);
    ctx.read();
  }

  private void closeNow(ChannelHandlerContext ctx) {
    cancelTimer();
    if (ctx.channel().isOpen()) {
      ctx.close();
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!lingering) {
      ctx.fireChannelReadComplete();
    }
  }

  /** With half-closure allowed the peer's {@code FIN} arrives as an event: the linger is over. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!lingering) {
      ctx.fireUserEventTriggered(evt);
    } else if (evt instanceof ChannelInputShutdownEvent) {
      closeNow(ctx);
    }
  }

  /** A reset or read error while lingering ends it; the transport closes the channel itself. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!lingering) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    log.debug("{} error while lingering: {}", ctx.channel(), cause.toString());
    closeNow(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelTimer();
  }
}
