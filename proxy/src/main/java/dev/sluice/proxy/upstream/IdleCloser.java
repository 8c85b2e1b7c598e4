package dev.sluice.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes pooled upstream connections that stay unused for the idle timeout: a timer on the
 * connection's own event loop starts when it becomes idle and is cancelled when it is used again.
 * Event-loop confined (each call runs on the channel's loop, which is the pool's).
 */
final class IdleCloser {

  private static final AttributeKey<ScheduledFuture<?>> TIMER =
      AttributeKey.valueOf("sluice.upstream.idleTimer");

  private final long timeoutNanos;

  IdleCloser(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  /** {@code channel} became unused: close it unless it is used again within the timeout. */
  void idle(Channel channel) {
    busy(channel);
    ScheduledFuture<?> timer =
        channel.eventLoop().schedule(() -> close(channel), timeoutNanos, TimeUnit.NANOSECONDS);
    // A connection closed meanwhile is left to its timer: closing it again is a no-op.
    channel.attr(TIMER).set(timer);
  }

  /** {@code channel} is in use again. */
  void busy(Channel channel) {
    ScheduledFuture<?> timer = channel.attr(TIMER).getAndSet(null);
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private static void close(Channel channel) {
    channel.attr(TIMER).set(null);
    channel.close();
  }
}
