package dev.sluice.proxy.stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.proxy.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** The transports every stream test runs on. */
final class Transports {

  private Transports() {}

  static Transport nio() {
    return new Transport(
        "nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class);
  }

  /** Native epoll; skips the test where it is unavailable. */
  static Transport epoll() {
    assumeTrue(Epoll.isAvailable(), "native epoll unavailable");
    return Transport.detect();
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
