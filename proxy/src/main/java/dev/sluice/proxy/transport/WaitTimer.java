package dev.sluice.proxy.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action when a wait lasts {@code limit} without being restarted or ended: a client that
 * sends no more of a body it owes, a stream whose queued response makes no progress. Restarting or
 * ending a wait only moves a mark; the one scheduled task checks the mark when it fires and re-arms
 * for the rest, so a busy exchange costs one schedule per wait streak instead of a cancel and a
 * reschedule per chunk. Event-loop confined.
 */
public final class WaitTimer {

  private final EventExecutor loop;
  private final long limitNanos;
  private final Runnable onExpiry;
  private boolean waiting;
  private long since;
  private ScheduledFuture<?> task;

  public WaitTimer(EventExecutor loop, Duration limit, Runnable onExpiry) {
    this.loop = loop;
    this.limitNanos = Math.max(1, limit.toNanos());
    this.onExpiry = onExpiry;
  }

  /** Starts a wait, or restarts the one in progress (progress was made). */
  public void begin() {
    waiting = true;
    since = System.nanoTime();
    if (task == null) {
      arm(limitNanos);
    }
  }

  /** The wait is over; a task still scheduled finds nothing to do. */
  public void end() {
    waiting = false;
  }

  /** Ends the wait and drops the scheduled task: the owner is done. */
  public void cancel() {
    waiting = false;
    if (task != null) {
      task.cancel(false);
      task = null;
    }
  }

  private void arm(long delayNanos) {
    task = loop.schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void fire() {
    task = null;
    if (!waiting) {
      return; // the next begin() arms a new task
    }
    long waited = System.nanoTime() - since;
    if (waited < limitNanos) {
      arm(limitNanos - waited);
    } else {
      waiting = false;
      onExpiry.run();
    }
  }
}
