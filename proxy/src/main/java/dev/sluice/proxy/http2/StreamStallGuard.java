package dev.sluice.proxy.http2;

import dev.sluice.proxy.transport.WaitTimer;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
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

  private final Duration stallTimeout;
  private int pendingWrites;
  private WaitTimer stall;

  StreamStallGuard(Duration stallTimeout) {
    this.stallTimeout = stallTimeout;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    stall = new WaitTimer(ctx.executor(), stallTimeout, () -> stalled(ctx));
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelPromise tracked = promise.unvoid();
    if (pendingWrites++ == 0) {
      stall.begin();
    }
    tracked.addListener(f -> written());
    ctx.write(msg, tracked);
  }

  /** A write reached the socket: progress, so the clock restarts while more are queued. */
  private void written() {
    if (--pendingWrites > 0) {
      stall.begin();
    } else {
      stall.end();
    }
  }

  private void stalled(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      log.debug("{} response stalled for {}; resetting", ctx.channel(), stallTimeout);
      ctx.channel().close();
    }
  }

  private void cancel() {
    if (stall != null) {
      stall.cancel();
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
