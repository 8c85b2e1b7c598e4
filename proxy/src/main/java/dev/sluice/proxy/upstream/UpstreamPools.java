package dev.sluice.proxy.upstream;

import dev.sluice.proxy.transport.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link UpstreamPool} per event loop of a group. The map is immutable after construction, so
 * lookups are thread-safe; each pool is confined to its loop.
 */
public final class UpstreamPools {

  /** Idle keep-alive connections kept per endpoint and event loop. */
  public static final int MAX_IDLE_PER_ENDPOINT = 32;

  private final Map<EventLoop, UpstreamPool> pools;

  public UpstreamPools(EventLoopGroup group, Transport transport, Duration connectTimeout) {
    Map<EventLoop, UpstreamPool> map = new HashMap<>();
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      map.put(loop, new UpstreamPool(loop, transport, connectTimeout, MAX_IDLE_PER_ENDPOINT));
    }
    this.pools = Map.copyOf(map);
  }

  /** The pool of {@code loop}, which must belong to the group. */
  public UpstreamPool pool(EventLoop loop) {
    UpstreamPool pool = pools.get(loop);
    if (pool == null) {
      throw new IllegalArgumentException("event loop " + loop + " is not one of the proxy's loops");
    }
    return pool;
  }
}
