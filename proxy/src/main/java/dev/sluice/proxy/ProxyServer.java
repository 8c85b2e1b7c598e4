package dev.sluice.proxy;

import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.overload.MemoryPressure;
import dev.sluice.proxy.overload.PressureState;
import dev.sluice.proxy.routing.RouteCompileException;
import dev.sluice.proxy.snapshot.ProxySnapshot;
import dev.sluice.proxy.snapshot.ProxySnapshotCompiler;
import dev.sluice.proxy.stream.StreamProxy;
import dev.sluice.proxy.transport.ConnectionRegistry;
import dev.sluice.proxy.transport.ListenerConnections;
import dev.sluice.proxy.transport.Transport;
import dev.sluice.proxy.upstream.UpstreamPools;
import io.netty.channel.Channel;
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
 * The data plane: event loops, listener sockets and the current snapshot.
 *
 * <p>Thread-safe. {@link #apply} and {@link #close} are serialised on this object; connections read
 * the snapshot through one volatile reference, once per request (or TLS handshake), so a route or
 * certificate change never closes a listener or an in-flight connection.
 */
public final class ProxyServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
  private static final long BIND_TIMEOUT_SECONDS = ListenerSockets.BIND_TIMEOUT_SECONDS;

  /** A bound socket, the protocol it was bound for and its open client connections. */
  private record Socket(
      Channel channel, ListenerProtocol protocol, ListenerConnections connections) {}

  private final ProxyOptions options;
  private final Transport transport;
  private final MultiThreadIoEventLoopGroup group;
  private final UpstreamPools pools;
  private final ListenerSockets binder;
  private final ConnectionRegistry connections;
  private final MemoryPressure memory;
  private final Map<String, Socket> sockets = new LinkedHashMap<>();
  private volatile ProxySnapshot snapshot = ProxySnapshot.empty();
  private boolean closed;

  private ProxyServer(ProxyOptions options) {
    this.options = options;
    this.transport = Transport.detect();
    this.group = transport.newGroup(options.eventLoopThreads());
    this.pools = new UpstreamPools(group, transport, options.upstreamConnectTimeout());
    StreamProxy streams = new StreamProxy(transport, options.upstreamConnectTimeout());
    this.connections = new ConnectionRegistry(options.maxConnections());
    this.memory = new MemoryPressure(options.memoryPressure());
    this.binder =
        new ListenerSockets(
            group, transport, pools, streams, () -> snapshot, options.drainTimeout(), memory);
  }

  /** Starts the event loops (epoll if available, else NIO); no socket is bound yet. */
  public static ProxyServer create(ProxyOptions options) {
    ProxyServer server = new ProxyServer(options);
    server.memory.start();
    log.info(
        "data plane started: {} event loops on {}",
        server.group.executorCount(),
        server.transport.name());
    return server;
  }

  /**
   * Compiles {@code ir} (routes, TLS contexts, stream routes) and makes it current. If compilation
   * fails nothing changes. Otherwise sockets are diffed by listener name (and protocol): removed
   * ones stop accepting and their open connections drain in the background like on {@link #close},
   * the snapshot is published, then new ones are bound. Publishing before binding means a new
   * socket never serves with the old snapshot. New TLS handshakes use the new certificates; open
   * connections keep theirs. Blocks until binds complete.
   *
   * @throws SnapshotCompileException naming the route (or listener) and field that could not be
   *     compiled
   */
  public synchronized ApplyResult apply(GatewayIr ir) throws SnapshotCompileException {
    if (closed) {
      throw new IllegalStateException("proxy server is closed");
    }
    ProxySnapshot next = compile(ir);
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

  /**
   * Drains and stops: closes every listener socket (new connections are refused from here on), lets
   * in-flight requests finish within the drain timeout (HTTP/1 responses carry {@code Connection:
   * close}, HTTP/2 connections get {@code GOAWAY}), closes what is left, then shuts the event loops
   * down. Blocks until done; idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    sockets
        .values()
        .forEach(
            s -> s.channel().close().awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    sockets.clear();
    int forced = connections.drainAll(options.drainTimeout());
    if (forced > 0) {
      log.warn("drain timeout: closed {} connections still in use", forced);
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    memory.close();
  }

  /**
   * The latest memory-pressure reading: while it says {@link PressureState#shedding() shedding},
   * new HTTP requests get 503 and no connection is kept alive.
   */
  public PressureState memoryPressure() {
    return memory.state();
  }

  /** Open client connections on HTTP and TLS listeners right now. */
  public int openConnections() {
    return connections.open();
  }

  private static ProxySnapshot compile(GatewayIr ir) throws SnapshotCompileException {
    try {
      return ProxySnapshotCompiler.compile(ir);
    } catch (RouteCompileException e) {
      throw new SnapshotCompileException(e.getMessage(), e.route(), e.field(), e);
    }
  }

  /** Closes sockets whose listener is gone or now speaks another protocol. */
  private void closeRemoved(Map<String, Listener> wanted) {
    var it = sockets.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Socket> entry = it.next();
      Listener listener = wanted.get(entry.getKey());
      if (listener == null || listener.protocol() != entry.getValue().protocol()) {
        log.info("closing listener {}", entry.getKey());
        Socket socket = entry.getValue();
        socket.channel().close().awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        it.remove();
        drainInBackground(entry.getKey(), socket.connections());
      }
    }
  }

  /** The removed listener's connections finish (or time out) without holding up the apply. */
  private void drainInBackground(String name, ListenerConnections removed) {
    if (removed.open() == 0) {
      return;
    }
    // Signal now, so that responses started after apply() returns already say Connection: close.
    removed.signalDrain();
    Thread.ofVirtual()
        .name("drain-" + name)
        .start(
            () -> {
              int forced = removed.awaitDrained(options.drainTimeout());
              if (forced > 0) {
                log.warn("listener {} removed: closed {} connections still in use", name, forced);
              }
            });
  }

  private ListenerBinding ensureBound(Listener listener) {
    Socket existing = sockets.get(listener.name());
    if (existing != null && existing.channel().isActive()) {
      return binding(listener, existing.channel(), Optional.empty());
    }
    Channel channel;
    ListenerConnections open = connections.forListener(listener.name());
    try {
      channel = binder.bind(listener, open);
    } catch (Exception e) {
      String why =
          "cannot bind "
              + listener.protocol()
              + " "
              + listener.address()
              + ":"
              + listener.port()
              + ": "
              + e.getMessage();
      log.warn("listener {}: {}", listener.name(), why);
      return binding(listener, null, Optional.of(why));
    }
    sockets.put(listener.name(), new Socket(channel, listener.protocol(), open));
    log.info("listening on {} ({})", channel.localAddress(), listener.protocol());
    return binding(listener, channel, Optional.empty());
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
