package dev.sluice.proxy.upstream;

import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection slot a new upstream connection holds in its backend's {@link CircuitBreaker}:
 * given back exactly once, when the connection closes or its connect fails (whichever Netty
 * reports; a channel that failed to register never completes its close future). Thread-safe.
 */
final class ConnectionSlot implements GenericFutureListener<Future<Void>> {

  private final CircuitBreaker breaker;
  private final ChannelFuture connect;
  private final AtomicBoolean released = new AtomicBoolean();

  private ConnectionSlot(CircuitBreaker breaker, ChannelFuture connect) {
    this.breaker = breaker;
    this.connect = connect;
  }

  /** Ties a slot already taken from {@code breaker} to the connection {@code connect} opens. */
  static void hold(CircuitBreaker breaker, ChannelFuture connect) {
    ConnectionSlot slot = new ConnectionSlot(breaker, connect);
    connect.addListener(slot);
    connect.channel().closeFuture().addListener(slot);
  }

  @Override
  public void operationComplete(Future<Void> future) {
    if (future == connect && future.isSuccess()) {
      return;
    }
    if (released.compareAndSet(false, true)) {
      breaker.connectionClosed();
    }
  }
}
