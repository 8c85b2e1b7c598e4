package dev.sluice.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The breaker's caps and retry budget, including from several threads at once. */
class CircuitBreakerTest {

  @Test
  void defaultsAreEnvoys() {
    assertThat(UpstreamLimits.DEFAULTS).isEqualTo(new UpstreamLimits(1024, 1024, 1024, 20, 3));
  }

  @Test
  void requestsAreCappedAndFreedExactly() {
    CircuitBreaker breaker = new CircuitBreaker(new UpstreamLimits(4, 4, 3, 20, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(breaker.admit(false)).isNull();
    }
    assertThat(breaker.admit(false)).isEqualTo(UpstreamOverloadedException.Limit.REQUESTS);
    assertThat(breaker.requests()).isEqualTo(3);
    breaker.finish(false);
    assertThat(breaker.admit(false)).isNull();
  }

  @Test
  void retryBudgetIsTwentyPercentOfRequestsWithAMinimumOfThree() {
    CircuitBreaker breaker = new CircuitBreaker(UpstreamLimits.DEFAULTS);
    for (int i = 0; i < 10; i++) {
      breaker.admit(false);
    }
    // 10 requests: 20% is 2, the minimum 3 applies (each retry is a request too).
    assertThat(breaker.admit(true)).isNull();
    assertThat(breaker.admit(true)).isNull();
    assertThat(breaker.admit(true)).isNull();
    assertThat(breaker.admit(true)).isEqualTo(UpstreamOverloadedException.Limit.RETRIES);
    assertThat(breaker.requests()).as("a refused retry takes no request slot").isEqualTo(13);
    for (int i = 0; i < 37; i++) {
      breaker.admit(false);
    }
    // 50 requests: 10 retries may be in flight.
    assertThat(breaker.retryBudget()).isEqualTo(10);
    int admitted = 0;
    while (breaker.admit(true) == null) {
      admitted++;
    }
    assertThat(breaker.retries()).isEqualTo(3 + admitted).isLessThanOrEqualTo(11);
  }

  @Test
  void connectionsAndPendingHaveTheirOwnCaps() {
    CircuitBreaker breaker = new CircuitBreaker(new UpstreamLimits(2, 1, 10, 20, 3));
    assertThat(breaker.tryOpenConnection()).isTrue();
    assertThat(breaker.tryOpenConnection()).isTrue();
    assertThat(breaker.tryOpenConnection()).isFalse();
    breaker.connectionClosed();
    assertThat(breaker.tryOpenConnection()).isTrue();
    assertThat(breaker.tryStartPending()).isTrue();
    assertThat(breaker.tryStartPending()).isFalse();
    breaker.pendingEnded();
    assertThat(breaker.pending()).isZero();
  }

  @Test
  void capHoldsAcrossThreads() throws InterruptedException {
    int cap = 8;
    CircuitBreaker breaker = new CircuitBreaker(new UpstreamLimits(cap, cap, cap, 20, 3));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    for (int i = 0; i < 20_000; i++) {
                      if (breaker.admit(false) == null) {
                        highest.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        inFlight.decrementAndGet();
                        breaker.finish(false);
                      }
                    }
                  }));
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(highest.get()).isLessThanOrEqualTo(cap);
    assertThat(breaker.requests()).isZero();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
