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
  private ScheduledFuture<?> timer;

  StreamStallGuard(Duration stallTimeout) {
    this.stallNanos = stallTimeout.toNanos();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelPromise tracked = promise.unvoid();
    pendingWrites++;
    if (timer == null) {
      arm(ctx);
    }
    tracked.addListener(f -> written(ctx));
    ctx.write(msg, tracked);
  }

  private void written(ChannelHandlerContext ctx) {
    pendingWrites--;
    cancel();
    if (pendingWrites > 0 && ctx.channel().isActive()) {
      arm(ctx);
    }
  }

  private void arm(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> stalled(ctx), stallNanos, TimeUnit.NANOSECONDS);
  }

  private void stalled(ChannelHandlerContext ctx) {
    timer = null;
    if (pendingWrites > 0) {
      log.debug("{} response stalled for {} ms; resetting", ctx.channel(), stallNanos / 1_000_000);
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
