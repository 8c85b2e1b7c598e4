package dev.sluice.proxy.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action when a deadline passes unless it was moved or cleared first. Setting or clearing a
 * deadline only writes a field: the one scheduled task checks the deadline when it fires and
 * re-arms for the rest. A task is scheduled at most {@code step} ahead, so a deadline set sooner
 * than one pending (an idle connection's long limit followed by a request's short one) is still met
 * without cancelling: with {@code step} ≤ the shortest limit used, a keep-alive connection costs
 * one scheduled task per {@code step} instead of a schedule and a cancel per request (the
 * scheduler's priority queue was a visible share of the event loop's profile). Event-loop confined.
 */
public final class DeadlineTimer {

  private final EventExecutor loop;
  private final long stepNanos;
  private final Runnable onExpiry;
  private boolean armed;
  private long deadline;
  private ScheduledFuture<?> task;
  private long taskAt;

  /**
   * @param step the longest a scheduled task looks ahead; the shortest limit this timer is set to
   */
  public DeadlineTimer(EventExecutor loop, Duration step, Runnable onExpiry) {
    this.loop = loop;
    this.stepNanos = Math.max(1, step.toNanos());
    this.onExpiry = onExpiry;
  }

  /** Sets the deadline to {@code limit} from now, replacing the current one. */
  public void expireAfter(Duration limit) {
    expireAfterNanos(limit.toNanos());
  }

  /** Sets the deadline to {@code limitNanos} from now, replacing the current one. */
  public void expireAfterNanos(long limitNanos) {
    long now = System.nanoTime();
    long delay = Math.max(1, limitNanos);
    armed = true;
    deadline = now + delay;
    if (task != null && taskAt - deadline > 0) {
      task.cancel(false); // only for a limit shorter than the step
      task = null;
    }
    if (task == null) {
      schedule(now, delay);
    }
  }

  /** No deadline any more; a task still scheduled finds nothing to do. */
  public void clear() {
    armed = false;
  }

  /** Clears the deadline and drops the scheduled task: the owner is done. */
  public void cancel() {
    armed = false;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void schedule(long now, long delay) {
    long step = Math.min(delay, stepNanos);
    taskAt = now + step;
    task = loop.schedule(this::fire, step, TimeUnit.NANOSECONDS);
  }

  private void fire() {
    task = null;
    if (!armed) {
      return; // the next expireAfter() schedules again
    }
    long now = System.nanoTime();
    long left = deadline - now;
    if (left > 0) {
      schedule(now, left);
    } else {
      armed = false;
      onExpiry.run();
    }
  }
}
