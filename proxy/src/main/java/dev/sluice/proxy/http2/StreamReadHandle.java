package dev.sluice.proxy.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * The receive-buffer allocator of a client stream channel: a stream reads frames its connection
 * already decoded, one per {@code read()} (auto-read is off, so Netty's default handle would stop
 * after one message too), and allocates nothing. Netty's default gives every stream an adaptive
 * sizing handle it never uses. Stateless: one handle serves every stream. Thread-safe.
 */
@SuppressWarnings("deprecation")
final class StreamReadHandle implements RecvByteBufAllocator, RecvByteBufAllocator.ExtendedHandle {

  /** The one instance. */
  static final StreamReadHandle INSTANCE = new StreamReadHandle();

  private static final int GUESS = 1024;

  private StreamReadHandle() {}

  @Override
  public Handle newHandle() {
    return this;
  }

  @Override
  public ByteBuf allocate(ByteBufAllocator alloc) {
    return alloc.ioBuffer(GUESS);
  }

  @Override
  public int guess() {
    return GUESS;
  }

  @Override
  public void reset(ChannelConfig config) {}

  @Override
  public void incMessagesRead(int numMessages) {}

  @Override
  public void lastBytesRead(int bytes) {}

  @Override
  public int lastBytesRead() {
    return 0;
  }

  @Override
  public void attemptedBytesRead(int bytes) {}

  @Override
  public int attemptedBytesRead() {
    return 0;
  }

  /** One message per {@code read()}: the stream's reader asks again when it wants the next. */
  @Override
  public boolean continueReading() {
    return false;
  }

  @Override
  public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
    return false;
  }

  @Override
  public void readComplete() {}
}
