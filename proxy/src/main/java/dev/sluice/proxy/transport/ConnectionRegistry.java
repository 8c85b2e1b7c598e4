package dev.sluice.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open client connection of the proxy, with the process-wide cap ({@code
 * ProxyOptions.maxConnections}). Listeners admit connections through their {@link
 * ListenerConnections}, which checks the listener's own cap first. Thread-safe: counts are atomic,
 * so the caps are exact; closed connections leave the groups by themselves.
 */
public final class ConnectionRegistry {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  /** A registry admitting at most {@code max} connections at a time. */
  public ConnectionRegistry(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
    }
    this.max = max;
  }

  /** A fresh per-listener view that also counts against this registry. */
  public ListenerConnections forListener(String name) {
    return new ListenerConnections(name, this);
  }

  /** Open client connections right now. */
  public int open() {
    return open.get();
  }

  boolean tryAcquire() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return false;
    }
    return true;
  }

  void track(Channel ch) {
    all.add(ch);
    ch.closeFuture().addListener(f -> open.decrementAndGet());
  }

  /**
   * Drains every connection: signals {@link ConnectionDrain#EVENT}, waits up to {@code timeout} for
   * them to close, then closes what is left. Blocks; call from outside the event loops.
   *
   * @return how many connections had to be closed by force
   */
  public int drainAll(Duration timeout) {
    return drain(all, timeout);
  }

  static int drain(ChannelGroup group, Duration timeout) {
    if (group.isEmpty()) {
      return 0;
    }
    signalDrain(group);
    return awaitDrained(group, timeout);
  }

  /**
   * Waits up to {@code timeout} for connections already told to drain to close, then closes the
   * rest.
   *
   * @return how many connections had to be closed by force
   */
  static int awaitDrained(ChannelGroup group, Duration timeout) {
    if (group.isEmpty()) {
      return 0;
    }
    group.newCloseFuture().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS);
    int left = group.size();
    group.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    return left;
  }

  /**
   * Tells every connection to drain and returns once each connection's event loop has handled it,
   * so that a response started after this call already carries {@code Connection: close} (or
   * follows the GOAWAY). Firing the event from another thread would only queue it.
   */
  static void signalDrain(ChannelGroup group) {
    java.util.List<io.netty.util.concurrent.Future<?>> handled = new java.util.ArrayList<>();
    group.forEach(
        ch ->
            handled.add(
                ch.eventLoop()
                    .submit(() -> ch.pipeline().fireUserEventTriggered(ConnectionDrain.EVENT))));
    handled.forEach(f -> f.awaitUninterruptibly(1, TimeUnit.SECONDS));
  }
}
