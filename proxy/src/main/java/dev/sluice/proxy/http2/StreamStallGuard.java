package dev.sluice.proxy.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resets the client streams of one connection whose response makes no progress for {@code
 * stallTimeout} (the listener's idle timeout): bytes were written to the stream and none of them
 * has reached the socket since. That is a client that keeps its flow-control window at zero, or
 * stops reading the connection, while the stream pins a backend request and the queued part of the
 * response (CVE-2019-9517; Envoy's {@code stream_idle_timeout}). The connection's own idle timer
 * cannot catch it, because a stalled stream is an open stream. Each completed write restarts the
 * stream's clock, so a slow but live reader is never cut off. The reset ({@code CANCEL}) counts
 * towards the connection's reset budget.
 *
 * <p>One guard per connection, one {@link Writes} per stream. A stream with writes pending sits in
 * a list ordered by when it last made progress (oldest first: progress moves it to the end), and
 * one timer per connection looks at the head of the list. Joining, moving and leaving the list are
 * pointer updates, so a request schedules and cancels no task of its own. Time comes from the event
 * loop's ticker, the clock its scheduler uses. Event-loop confined (the connection's loop, which
 * its streams share).
 */
final class StreamStallGuard {

  private static final Logger log = LoggerFactory.getLogger(StreamStallGuard.class);

  private final Duration stallTimeout;
  private final long limitNanos;
  private Writes oldest;
  private Writes newest;
  private EventExecutor loop;
  private ScheduledFuture<?> timer;
  private boolean closed;

  StreamStallGuard(Duration stallTimeout) {
    this.stallTimeout = stallTimeout;
    this.limitNanos = Math.max(1, stallTimeout.toNanos());
  }

  /** The write tracker of a new stream channel. */
  Writes watch(Channel stream) {
    if (loop == null) {
      loop = stream.eventLoop();
    }
    return new Writes(stream);
  }

  /** The connection closed: no more checks (its streams close and leave on their own). */
  void close() {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void append(Writes w) {
    w.since = loop.ticker().nanoTime();
    if (w.listed) {
      unlink(w);
    }
    w.listed = true;
    w.previous = newest;
    w.next = null;
    if (newest == null) {
      oldest = w;
    } else {
      newest.next = w;
    }
    newest = w;
    if (timer == null && !closed) {
      arm(limitNanos);
    }
  }

  private void unlink(Writes w) {
    if (!w.listed) {
      return;
    }
    w.listed = false;
    if (w.previous == null) {
      oldest = w.next;
    } else {
      w.previous.next = w.next;
    }
    if (w.next == null) {
      newest = w.previous;
    } else {
      w.next.previous = w.previous;
    }
    w.previous = null;
    w.next = null;
  }

  private void arm(long delayNanos) {
    timer = loop.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Resets every stream that waited the whole limit, then sleeps until the next one would. */
  private void check() {
    timer = null;
    if (closed) {
      return;
    }
    long now = loop.ticker().nanoTime();
    while (oldest != null && now - oldest.since >= limitNanos) {
      Writes stalled = oldest;
      unlink(stalled);
      stalled.reset();
    }
    if (oldest != null) {
      arm(oldest.since + limitNanos - now);
    }
  }

  /**
   * The writes of one stream: counts those not yet on the socket, and keeps the stream in the
   * guard's list while any are. Event-loop confined.
   */
  final class Writes implements ChannelFutureListener {

    private final Channel stream;
    private Writes previous;
    private Writes next;
    private boolean listed;
    private long since;
    private int pending;
    private boolean done;

    private Writes(Channel stream) {
      this.stream = stream;
    }

    /** Returns the promise to write with; its completion is progress. */
    ChannelPromise track(ChannelPromise promise) {
      if (done) {
        return promise;
      }
      ChannelPromise tracked = promise.unvoid();
      if (pending++ == 0) {
        append(this);
      }
      tracked.addListener(this);
      return tracked;
    }

    /** A write reached the socket (or failed): progress, so the clock restarts while more wait. */
    @Override
    public void operationComplete(ChannelFuture future) {
      if (done) {
        return;
      }
      if (--pending > 0) {
        append(this);
      } else {
        unlink(this);
      }
    }

    /** The stream is gone: stop watching it. */
    void stop() {
      done = true;
      unlink(this);
    }

    private void reset() {
      done = true;
      if (stream.isActive()) {
        log.debug("{} response stalled for {}; resetting", stream, stallTimeout);
        stream.close();
      }
    }
  }
}
