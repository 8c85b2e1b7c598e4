package dev.sluice.proxy.upstream;

import dev.sluice.proxy.transport.DeadlineTimer;
import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.time.Duration;

/**
 * Closes pooled upstream connections that stay unused for the idle timeout: each connection has a
 * {@link DeadlineTimer} on its own event loop, set when it becomes idle and cleared when it is used
 * again (a field write, not a schedule and a cancel per request). Event-loop confined (each call
 * runs on the channel's loop, which is the pool's).
 */
final class IdleCloser {

  private static final AttributeKey<DeadlineTimer> TIMER =
      AttributeKey.valueOf("sluice.upstream.idleTimer");

  private final Duration timeout;

  IdleCloser(Duration timeout) {
    this.timeout = timeout;
  }

  /** {@code channel} became unused: close it unless it is used again within the timeout. */
  void idle(Channel channel) {
    Attribute<DeadlineTimer> attr = channel.attr(TIMER);
    DeadlineTimer timer = attr.get();
    if (timer == null) {
      timer = new DeadlineTimer(channel.eventLoop(), timeout, channel::close);
      attr.set(timer);
      // A closed connection must not keep a task (and itself) in the loop's queue until expiry.
      DeadlineTimer created = timer;
      channel.closeFuture().addListener(f -> created.cancel());
    }
    timer.expireAfter(timeout);
  }

  /** {@code channel} is in use again. */
  void busy(Channel channel) {
    DeadlineTimer timer = channel.attr(TIMER).get();
    if (timer != null) {
      timer.clear();
    }
  }
}
