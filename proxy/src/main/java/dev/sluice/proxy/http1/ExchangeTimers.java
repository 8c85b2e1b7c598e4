package dev.sluice.proxy.http1;

import dev.sluice.ir.RouteTimeouts;
import dev.sluice.proxy.transport.WaitTimer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one {@link Exchange}, all on its event loop's scheduler (nothing ever blocks): the
 * route's request timeout (the whole exchange, retries included), the backend request timeout (one
 * upstream attempt, from writing the request to the end of the response), the backoff before a
 * retry, and the client's request body deadline (the listener's {@code requestBodyTimeout}, from
 * asking for the next piece of the body to its arrival; see {@link WaitTimer}). A zero duration
 * disables a timeout, as {@code "0s"} does in the Gateway API. Event-loop confined; part of one
 * exchange.
 */
final class ExchangeTimers {

  /**
   * What the timers call back into: implemented by the exchange, so that arming a timer creates its
   * task only when the route has that timeout (most have none) instead of a callback per request.
   */
  interface Expiry {
    /** The route's request timeout expired. */
    void requestTimedOut();

    /** The backend request timeout of the current attempt expired. */
    void attemptTimedOut();
  }

  private final EventExecutor loop;
  private final Expiry expiry;
  private Optional<Duration> backendRequest = Optional.empty();
  private ScheduledFuture<?> request;
  private ScheduledFuture<?> attempt;
  private ScheduledFuture<?> backoff;
  private WaitTimer body;

  ExchangeTimers(EventExecutor loop, Expiry expiry) {
    this.loop = loop;
    this.expiry = expiry;
  }

  /** Arms the request timeout of {@code timeouts} (if any) and remembers the per-attempt one. */
  void start(RouteTimeouts timeouts) {
    backendRequest = timeouts.backendRequest().filter(ExchangeTimers::enabled);
    Optional<Duration> whole = timeouts.request().filter(ExchangeTimers::enabled);
    if (whole.isPresent()) {
      request = schedule(whole.get(), expiry::requestTimedOut);
    }
  }

  /** The backend request timeout, when one applies. */
  Optional<Duration> backendRequest() {
    return backendRequest;
  }

  /** An upstream attempt starts writing its request: arms the backend request timeout. */
  void startAttempt() {
    endAttempt();
    if (backendRequest.isPresent()) {
      attempt = schedule(backendRequest.get(), expiry::attemptTimedOut);
    }
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

  /**
   * The exchange asked the client for more of the request body: {@code onStall} runs unless a piece
   * arrives within {@code limit}. Replaces a pending wait.
   */
  void awaitBody(Duration limit, Runnable onStall) {
    if (body == null) {
      body = new WaitTimer(loop, limit, onStall);
    }
    body.begin();
  }

  /** A piece of the body arrived (or no more is wanted). */
  void bodyArrived() {
    if (body != null) {
      body.end();
    }
  }

  /** The exchange finished: nothing may fire any more. */
  void cancelAll() {
    request = cancel(request);
    endAttempt();
    cancelBackoff();
    if (body != null) {
      body.cancel();
    }
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
