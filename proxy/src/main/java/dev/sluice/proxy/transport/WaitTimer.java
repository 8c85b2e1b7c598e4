package dev.sluice.proxy.transport;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;

/**
 * Runs an action when a wait lasts {@code limit} without being restarted or ended: a client that
 * sends no more of a body it owes, a stream whose queued response makes no progress. A {@link
 * DeadlineTimer} with one limit: restarting or ending a wait only moves a mark, so a busy exchange
 * costs one schedule per wait streak instead of a cancel and a reschedule per chunk. Event-loop
 * confined.
 */
public final class WaitTimer {

  private final DeadlineTimer deadline;
  private final long limitNanos;

  public WaitTimer(EventExecutor loop, Duration limit, Runnable onExpiry) {
    this.deadline = new DeadlineTimer(loop, limit, onExpiry);
    this.limitNanos = limit.toNanos();
  }

  /** Starts a wait, or restarts the one in progress (progress was made). */
  public void begin() {
    deadline.expireAfterNanos(limitNanos);
  }

  /** The wait is over; a task still scheduled finds nothing to do. */
  public void end() {
    deadline.clear();
  }

  /** Ends the wait and drops the scheduled task: the owner is done. */
  public void cancel() {
    deadline.cancel();
  }
}
