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

  /**
   * The fewest idle keep-alive connections kept per endpoint and event loop. Below the number of
   * concurrent downstream requests, connections are closed and reopened all the time (measured: one
   * new upstream connection every 14 requests at 50 clients with 32); NGINX's benchmark config
   * keeps 256. HTTP/2 clients multiply the concurrency (50 connections × 10 streams kept 500
   * requests in flight, and 256 still churned one connection every ~11 requests), so each loop may
   * keep its share of the backend's connection cap when that is larger: idle connections of all
   * loops together never exceed the cap, which would leave a loop unable to connect while another
   * holds idle ones.
   */
  public static final int MIN_IDLE_PER_ENDPOINT = 256;

  /**
   * How long a pooled connection may sit unused (an idle HTTP/1.1 keep-alive connection, or an
   * HTTP/2 connection without streams) before it is closed, so pools never hold dead sockets.
   */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final Map<EventLoop, UpstreamPool> pools;
  private final Clusters clusters;

  /** Pools with the default {@link #IDLE_TIMEOUT} and default {@link Clusters}. */
  public UpstreamPools(EventLoopGroup group, Transport transport, Duration connectTimeout) {
    this(group, transport, connectTimeout, IDLE_TIMEOUT);
  }

  /** Pools whose unused connections close after {@code idleTimeout} (positive). */
  public UpstreamPools(
      EventLoopGroup group, Transport transport, Duration connectTimeout, Duration idleTimeout) {
    this(group, transport, connectTimeout, idleTimeout, Clusters.defaults());
  }

  /**
   * Pools whose unused connections close after {@code idleTimeout} (positive), with {@code
   * clusters} holding every backend's circuit breaker and endpoint health (shared by all loops).
   */
  public UpstreamPools(
      EventLoopGroup group,
      Transport transport,
      Duration connectTimeout,
      Duration idleTimeout,
      Clusters clusters) {
    this.clusters = java.util.Objects.requireNonNull(clusters, "clusters");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
    }
    int loops = 0;
    for (EventExecutor ignored : group) {
      loops++;
    }
    int maxIdle = maxIdlePerLoop(clusters.limits().maxConnections(), loops);
    Map<EventLoop, UpstreamPool> map = new HashMap<>();
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      map.put(loop, new UpstreamPool(loop, transport, connectTimeout, maxIdle, idleTimeout));
    }
    this.pools = Map.copyOf(map);
  }

  /** Idle connections one of {@code loops} event loops keeps per endpoint. */
  public static int maxIdlePerLoop(int maxConnections, int loops) {
    return Math.max(MIN_IDLE_PER_ENDPOINT, maxConnections / Math.max(1, loops));
  }

  /** The cluster (breaker and endpoint health) of backend {@code name}; shared by all loops. */
  public Cluster cluster(String name) {
    return clusters.cluster(name);
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
