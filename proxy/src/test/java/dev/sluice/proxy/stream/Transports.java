package dev.sluice.proxy.stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.proxy.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;

/** The transports every stream test runs on. */
final class Transports {

  private Transports() {}

  static Transport nio() {
    return Transport.nio();
  }

  /** Native epoll; skips the test where it is unavailable. */
  static Transport epoll() {
    assumeTrue(Epoll.isAvailable(), "native epoll unavailable");
    return Transport.epoll();
  }

  /**
   * Nudges Netty's leak detector: after a GC, the next tracked allocations report buffers that were
   * collected without being released (logged as {@code LEAK:}, which CI fails on).
   */
  static void flushLeakReports() {
    System.gc();
    for (int i = 0; i < 64; i++) {
      ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
      probe.release();
    }
  }
}
