package dev.sluice.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DeadlineTimer} on a real event loop: deadlines moved, shortened, cleared. */
class DeadlineTimerTest {

  private final EventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void aShorterDeadlineAfterALongOneFiresOnTime() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    AtomicLong firedAt = new AtomicLong();
    AtomicLong setAt = new AtomicLong();
    DeadlineTimer timer =
        new DeadlineTimer(
            loop,
            Duration.ofSeconds(30),
            () -> {
              firedAt.set(System.nanoTime());
              fired.countDown();
            });
    loop.submit(
            () -> {
              timer.expireAfter(Duration.ofMinutes(5)); // an idle connection's limit
              setAt.set(System.nanoTime());
              timer.expireAfter(Duration.ofMillis(50)); // then a request head's
            })
        .sync();
    assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(firedAt.get() - setAt.get())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(49));
  }

  @Test
  void aMovedDeadlineFiresOnlyAfterTheLastMove() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    AtomicLong lastMove = new AtomicLong();
    AtomicLong firedAt = new AtomicLong();
    DeadlineTimer timer =
        new DeadlineTimer(
            loop,
            Duration.ofMillis(40),
            () -> {
              firedAt.set(System.nanoTime());
              fired.countDown();
            });
    for (int i = 0; i < 5; i++) {
      loop.submit(
              () -> {
                timer.expireAfter(Duration.ofMillis(40));
                lastMove.set(System.nanoTime());
              })
          .sync();
      loop.schedule(() -> {}, 15, TimeUnit.MILLISECONDS).sync(); // progress well within the limit
    }
    assertThat(fired.getCount()).as("fired while moved within the limit").isEqualTo(1);
    assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(firedAt.get() - lastMove.get())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(39));
  }

  @Test
  void aClearedDeadlineNeverFires() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    DeadlineTimer timer = new DeadlineTimer(loop, Duration.ofMillis(20), fired::countDown);
    loop.submit(
            () -> {
              timer.expireAfter(Duration.ofMillis(20));
              timer.clear();
            })
        .sync();
    // The task it had scheduled runs and finds nothing to do.
    loop.schedule(() -> {}, 100, TimeUnit.MILLISECONDS).sync();
    assertThat(fired.getCount()).isEqualTo(1);
    loop.submit(() -> timer.expireAfter(Duration.ofMillis(20))).sync();
    assertThat(fired.await(5, TimeUnit.SECONDS)).as("re-armed after a clear").isTrue();
  }
}
