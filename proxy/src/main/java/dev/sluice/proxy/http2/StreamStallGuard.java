package dev.sluice.proxy.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resets a client stream whose response makes no progress for {@code stallTimeout} (the listener's
 * idle timeout): bytes were written to the stream and none of them has reached the socket since.
 * That is a client that keeps its flow-control window at zero, or stops reading the connection,
 * while the stream pins a backend request and the queued part of the response (CVE-2019-9517;
 * Envoy's {@code stream_idle_timeout}). The connection's own idle timer cannot catch it, because a
 * stalled stream is an open stream. Each completed write restarts the clock, so a slow but live
 * reader is never cut off. The reset ({@code CANCEL}) counts towards the connection's reset budget.
 * Event-loop confined; one instance per stream.
 */
final class StreamStallGuard extends ChannelDuplexHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamStallGuard.class);

  private final long stallNanos;
  private int pendingWrites;

  /** When a write last completed (or the first pending write was queued): nanoTime. */
  private long lastProgress;

  private ScheduledFuture<?> timer;

  StreamStallGuard(Duration stallTimeout) {
    this.stallNanos = stallTimeout.toNanos();
  }

  // One timer per stream, armed by the first pending write and re-armed only when it fires too
  // early: a completed write just moves lastProgress, so a response of several writes costs one
  // schedule, not a cancel and a reschedule per write.
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelPromise tracked = promise.unvoid();
    if (pendingWrites++ == 0) {
      lastProgress = System.nanoTime();
    }
    if (timer == null) {
      arm(ctx, stallNanos);
    }
    tracked.addListener(f -> written());
    ctx.write(msg, tracked);
  }

  private void written() {
    pendingWrites--;
    lastProgress = System.nanoTime();
  }

  private void arm(ChannelHandlerContext ctx, long delayNanos) {
    timer = ctx.executor().schedule(() -> expired(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void expired(ChannelHandlerContext ctx) {
    timer = null;
    if (pendingWrites == 0 || !ctx.channel().isActive()) {
      return; // nothing queued: the next write arms a new timer
    }
    long quiet = System.nanoTime() - lastProgress;
    if (quiet < stallNanos) {
      arm(ctx, stallNanos - quiet);
    } else {
      log.debug("{} response stalled for {} ms; resetting", ctx.channel(), quiet / 1_000_000);
      ctx.channel().close();
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }
}
