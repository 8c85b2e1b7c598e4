package dev.sluice.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.Await;
import dev.sluice.proxy.testing.H2cOrigin;
import dev.sluice.proxy.testing.TestOrigin;
import dev.sluice.proxy.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pooled connections close after the idle timeout, and reuse restarts the countdown. */
class UpstreamPoolIdleTest {

  private static final Duration IDLE = Duration.ofMillis(300);

  private final Transport transport = Transport.detect();
  private final MultiThreadIoEventLoopGroup group = transport.newGroup(1);
  private final EventLoop loop = group.next();
  private final UpstreamPool pool =
      new UpstreamPools(group, transport, Duration.ofSeconds(2), IDLE).pool(loop);

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void idleHttp1ConnectionClosesAfterTheTimeout() throws Exception {
    try (TestOrigin origin = new TestOrigin("o")) {
      UpstreamTarget target = UpstreamTarget.http1(origin.endpoint());
      UpstreamConnection first = acquire(target);
      onLoop(() -> release(first));
      // Reused before the timeout: the same socket, and it survives past the first deadline.
      UpstreamConnection again = acquire(target);
      assertThat(again.channel()).isSameAs(first.channel());
      assertThat(again.reused()).isTrue();
      long start = System.nanoTime();
      onLoop(() -> release(again));
      Await.until(Duration.ofSeconds(5), () -> !again.channel().isActive());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE);
      assertThat(onLoop(pool::idleConnections)).isZero();
      // The next request needs a new connection.
      assertThat(acquire(target).channel()).isNotSameAs(first.channel());
    }
  }

  @Test
  void http2ConnectionWithoutStreamsClosesAfterTheTimeout() throws Exception {
    try (H2cOrigin origin = new H2cOrigin()) {
      UpstreamTarget target =
          new UpstreamTarget(origin.endpoint(), true, Optional.empty(), Optional.empty());
      UpstreamConnection stream = acquire(target);
      Channel parent = stream.channel().parent();
      assertThat(parent).isNotNull();
      onLoop(() -> release(stream));
      Await.until(Duration.ofSeconds(5), () -> !parent.isActive());
      assertThat(origin.connections()).isEqualTo(1);
    }
  }

  private UpstreamConnection acquire(UpstreamTarget target) throws Exception {
    return loop.submit(() -> pool.acquire(target))
        .get(5, TimeUnit.SECONDS)
        .get(5, TimeUnit.SECONDS);
  }

  private Void release(UpstreamConnection connection) {
    pool.release(connection, true);
    return null;
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }
}
