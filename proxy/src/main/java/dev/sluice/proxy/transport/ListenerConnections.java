package dev.sluice.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open client connections of one listener socket, capped by the listener's {@code
 * maxConnections} and by the proxy-wide cap of its {@link ConnectionRegistry}. Lives as long as the
 * socket (reloads that keep the socket keep it). Thread-safe.
 */
public final class ListenerConnections {

  private static final Logger log = LoggerFactory.getLogger(ListenerConnections.class);

  private final String name;
  private final ConnectionRegistry registry;
  private final AtomicInteger open = new AtomicInteger();
  private final ChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  ListenerConnections(String name, ConnectionRegistry registry) {
    this.name = name;
    this.registry = registry;
  }

  /**
   * Counts {@code ch} as open until it closes, if both caps allow it; false means the caller must
   * refuse the connection.
   */
  public boolean admit(Channel ch, int listenerMax) {
    if (open.incrementAndGet() > listenerMax) {
      open.decrementAndGet();
      log.debug("{}: refusing {}: {} connections open", name, ch.remoteAddress(), listenerMax);
      return false;
    }
    if (!registry.tryAcquire()) {
      open.decrementAndGet();
      log.debug("{}: refusing {}: proxy-wide connection cap reached", name, ch.remoteAddress());
      return false;
    }
    ch.closeFuture().addListener(f -> open.decrementAndGet());
    group.add(ch);
    registry.track(ch);
    return true;
  }

  /** Open connections of this listener right now. */
  public int open() {
    return open.get();
  }

  /** Tells this listener's connections to drain; returns once every connection has been told. */
  public void signalDrain() {
    ConnectionRegistry.signalDrain(group);
  }

  /**
   * After {@link #signalDrain()}: waits for the connections to finish, closing what is left at the
   * timeout. Blocks.
   *
   * @return how many connections had to be closed by force
   */
  public int awaitDrained(Duration timeout) {
    return ConnectionRegistry.awaitDrained(group, timeout);
  }
}
