package dev.sluice.proxy;

import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.proxy.filter.FilterChain;
import dev.sluice.proxy.filter.FilterChainCompiler;
import dev.sluice.proxy.http1.Http1Listener;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.routing.RouteCompileException;
import dev.sluice.proxy.routing.RoutingSnapshot;
import dev.sluice.proxy.routing.SnapshotCompiler;
import dev.sluice.proxy.transport.Transport;
import dev.sluice.proxy.upstream.UpstreamPools;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: event loops, listener sockets and the current routing snapshot.
 *
 * <p>Thread-safe. {@link #apply} and {@link #close} are serialised on this object; connections read
 * the snapshot through one volatile reference, once per request, so a route change never closes a
 * listener or an in-flight connection.
 */
public final class ProxyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
  private static final long BIND_TIMEOUT_SECONDS = 10;

  private final ProxyOptions options;
  private final Transport transport;
  private final MultiThreadIoEventLoopGroup group;
  private final UpstreamPools pools;
  private final Map<String, Channel> sockets = new LinkedHashMap<>();
  private volatile RoutingSnapshot<FilterChain> snapshot = RoutingSnapshot.empty();
  private boolean closed;

  private ProxyServer(ProxyOptions options) {
    this.options = options;
    this.transport = Transport.detect();
    this.group = transport.newGroup(options.eventLoopThreads());
    this.pools = new UpstreamPools(group, transport, options.upstreamConnectTimeout());
  }

  /** Starts the event loops (epoll if available, else NIO); no socket is bound yet. */
  public static ProxyServer create(ProxyOptions options) {
    ProxyServer server = new ProxyServer(options);
    log.info(
        "data plane started: {} event loops on {}",
        server.group.executorCount(),
        server.transport.name());
    return server;
  }

  /**
   * Compiles {@code ir} and makes it current. If compilation fails nothing changes. Otherwise
   * sockets are diffed by listener name: removed ones are closed (their open connections finish
   * normally), the snapshot is published, then new ones are bound. Publishing before binding means
   * a new socket never serves a request with the old snapshot. Blocks until binds complete.
   *
   * @throws SnapshotCompileException naming the route and field that could not be compiled
   */
  public synchronized ApplyResult apply(GatewayIr ir) throws SnapshotCompileException {
    if (closed) {
      throw new IllegalStateException("proxy server is closed");
    }
    RoutingSnapshot<FilterChain> next = compile(ir);
    Map<String, Listener> wanted = new HashMap<>();
    ir.listeners().forEach(l -> wanted.put(l.name(), l));
    closeRemoved(wanted);
    snapshot = next;
    List<ListenerBinding> bindings = new ArrayList<>();
    for (Listener listener : ir.listeners()) {
      bindings.add(ensureBound(listener));
    }
    return new ApplyResult(bindings);
  }

  /** The IR of the snapshot in service ({@link GatewayIr#EMPTY} before the first apply). */
  public GatewayIr currentIr() {
    return snapshot.ir();
  }

  /** Closes every listener, then shuts the event loops down, waiting at most the drain timeout. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sockets
        .values()
        .forEach(ch -> ch.close().awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    sockets.clear();
    long drainMillis = options.drainTimeout().toMillis();
    group
        .shutdownGracefully(Math.min(200, drainMillis), drainMillis, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(drainMillis + 1000);
  }

  private static RoutingSnapshot<FilterChain> compile(GatewayIr ir)
      throws SnapshotCompileException {
    try {
      return SnapshotCompiler.compile(ir, new FilterChainCompiler());
    } catch (RouteCompileException e) {
      throw new SnapshotCompileException(e.getMessage(), e.route(), e.field(), e);
    }
  }

  private void closeRemoved(Map<String, Listener> wanted) {
    var it = sockets.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Channel> entry = it.next();
      if (!wanted.containsKey(entry.getKey())) {
        log.info("closing listener {}", entry.getKey());
        entry.getValue().close().awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        it.remove();
      }
    }
  }

  private ListenerBinding ensureBound(Listener listener) {
    Channel existing = sockets.get(listener.name());
    if (existing != null && existing.isActive()) {
      return binding(listener, existing, Optional.empty());
    }
    ListenerContext context =
        new ListenerContext(listener.name(), listener.port(), () -> snapshot, pools);
    ChannelFuture bind =
        Http1Listener.bind(group, transport, context, listener.address(), listener.port());
    if (!bind.awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      bind.channel().close();
      return binding(
          listener, null, Optional.of("bind timed out after " + BIND_TIMEOUT_SECONDS + " s"));
    }
    if (!bind.isSuccess()) {
      String why =
          "cannot bind "
              + listener.address()
              + ":"
              + listener.port()
              + ": "
              + bind.cause().getMessage();
      log.warn("listener {}: {}", listener.name(), why);
      return binding(listener, null, Optional.of(why));
    }
    sockets.put(listener.name(), bind.channel());
    log.info("listening on {}", bind.channel().localAddress());
    return binding(listener, bind.channel(), Optional.empty());
  }

  private static ListenerBinding binding(
      Listener listener, Channel channel, Optional<String> error) {
    int port =
        channel != null && channel.localAddress() instanceof InetSocketAddress a
            ? a.getPort()
            : listener.port();
    return new ListenerBinding(listener.name(), listener.address(), port, error);
  }
}
