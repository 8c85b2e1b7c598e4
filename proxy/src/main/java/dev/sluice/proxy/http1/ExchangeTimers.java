package dev.sluice.proxy.http1;

import dev.sluice.ir.RouteTimeouts;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one {@link Exchange}, all on its event loop's scheduler (nothing ever blocks): the
 * route's request timeout (the whole exchange, retries included), the backend request timeout (one
 * upstream attempt, from writing the request to the end of the response) and the backoff before a
 * retry. A zero duration disables a timeout, as {@code "0s"} does in the Gateway API. Event-loop
 * confined; part of one exchange.
 */
final class ExchangeTimers {

  private final EventExecutor loop;
  private Optional<Duration> backendRequest = Optional.empty();
  private ScheduledFuture<?> request;
  private ScheduledFuture<?> attempt;
  private ScheduledFuture<?> backoff;

  ExchangeTimers(EventExecutor loop) {
    this.loop = loop;
  }

  /** Arms the request timeout of {@code timeouts} (if any) and remembers the per-attempt one. */
  void start(RouteTimeouts timeouts, Runnable onRequestTimeout) {
    backendRequest = timeouts.backendRequest().filter(ExchangeTimers::enabled);
    timeouts
        .request()
        .filter(ExchangeTimers::enabled)
        .ifPresent(d -> request = schedule(d, onRequestTimeout));
  }

  /** The backend request timeout, when one applies. */
  Optional<Duration> backendRequest() {
    return backendRequest;
  }

  /** An upstream attempt starts writing its request: arms the backend request timeout. */
  void startAttempt(Runnable onAttemptTimeout) {
    endAttempt();
    backendRequest.ifPresent(d -> attempt = schedule(d, onAttemptTimeout));
  }

  /** The attempt ended (response complete, connection released or failed). */
  void endAttempt() {
    attempt = cancel(attempt);
  }

  /** Runs {@code retry} after {@code delay}; replaces a pending backoff. */
  void backoff(Duration delay, Runnable retry) {
    backoff = cancel(backoff);
    backoff = schedule(delay, retry);
  }

  /** Drops a pending retry: the exchange answered the client some other way. */
  void cancelBackoff() {
    backoff = cancel(backoff);
  }

  /** The exchange finished: nothing may fire any more. */
  void cancelAll() {
    request = cancel(request);
    endAttempt();
    cancelBackoff();
  }

  private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    return loop.schedule(task, Math.max(1, delay.toNanos()), TimeUnit.NANOSECONDS);
  }

  private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
    return null;
  }

  private static boolean enabled(Duration d) {
    return !d.isZero() && !d.isNegative();
  }
}
