package dev.sluice.echo;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A backend that answers every request with a JSON description of it, in the contract of the
 * Gateway API conformance echo server (echo-basic): {@code path}, {@code host}, {@code method},
 * {@code proto}, {@code headers}, {@code namespace}, {@code service}, {@code pod}, and {@code tls}
 * on TLS. It also serves {@code /health}, {@code /status/NNN}, the {@code /retry/} simulator, a
 * {@code /ws} WebSocket echo (HTTP/1.1), the {@code delay} query parameter and {@code
 * X-Echo-Set-Header}.
 *
 * <p>Listeners, as {@link EchoOptions} asks: HTTP (HTTP/1.1, cleartext HTTP/2 by prior knowledge or
 * {@code Upgrade: h2c}); optionally HTTPS (ALPN h2 and http/1.1), a strict h2c port, the TCP echo
 * protocol plain and in TLS, and a UDP echo. On every HTTP/2 listener a request with {@code
 * content-type: application/grpc} is served by the {@code GrpcEcho} service of echo-basic's gRPC
 * mode.
 *
 * <p>Thread-safe. The server owns its event loop; {@link #close()} stops it and waits.
 */
public final class EchoServer implements AutoCloseable {

  private final Listeners listeners;
  private final Channel http;
  private final Optional<Channel> tls;
  private final Optional<Channel> h2c;
  private final Optional<Channel> tcp;
  private final Optional<Channel> tcpTls;
  private final Optional<Channel> udp;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EchoServer(Listeners listeners, Channel http, Bound optional) {
    this.listeners = listeners;
    this.http = http;
    this.tls = optional.tls;
    this.h2c = optional.h2c;
    this.tcp = optional.tcp;
    this.tcpTls = optional.tcpTls;
    this.udp = optional.udp;
  }

  /** Binds and starts serving; see {@link #start(EchoOptions, EchoObserver)}. */
  public static EchoServer start(EchoOptions options) throws InterruptedException {
    return start(options, EchoObserver.NONE);
  }

  /**
   * Binds every listener of {@code options} on {@code options.host()} (port 0 picks a free port)
   * and starts serving. Either all listeners are bound or none stays open.
   *
   * @param observer told about every echoed request (and gRPC call), on an event loop
   * @throws IllegalArgumentException when the TLS credentials are not a usable certificate and key
   * @throws io.netty.channel.ChannelException or another exception of the bind when it fails
   */
  public static EchoServer start(EchoOptions options, EchoObserver observer)
      throws InterruptedException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observer, "observer");
    // TLS contexts first: bad credentials fail before any port is taken.
    Optional<SslContext> httpsContext =
        options.tlsPort().isPresent() ? options.tls().map(TlsContexts::http) : Optional.empty();
    Optional<SslContext> tcpTlsContext =
        options.tcpTlsPort().isPresent() ? options.tls().map(TlsContexts::tcp) : Optional.empty();
    Listeners listeners = new Listeners(options.host());
    try {
      EchoRoutes routes = new EchoRoutes(options, observer);
      Channel http = listeners.tcp(options.port(), false, new EchoInitializer(routes, false));
      routes.httpPort(Listeners.port(http));
      Bound bound = new Bound();
      if (httpsContext.isPresent()) {
        TlsEchoInitializer initializer = new TlsEchoInitializer(routes, httpsContext.get());
        bound.tls = Optional.of(listeners.tcp(options.tlsPort().getAsInt(), true, initializer));
      }
      if (options.h2cPort().isPresent()) {
        EchoInitializer initializer = new EchoInitializer(routes, true);
        bound.h2c = Optional.of(listeners.tcp(options.h2cPort().getAsInt(), false, initializer));
      }
      bindTcpEcho(options, tcpTlsContext, listeners, bound);
      if (options.udpPort().isPresent()) {
        bound.udp = Optional.of(listeners.udp(options.udpPort().getAsInt(), new UdpEchoHandler()));
      }
      return new EchoServer(listeners, http, bound);
    } catch (InterruptedException | RuntimeException e) {
      listeners.close();
      throw e;
    }
  }

  private static void bindTcpEcho(
      EchoOptions options, Optional<SslContext> tlsContext, Listeners listeners, Bound bound)
      throws InterruptedException {
    TcpReport report = new TcpReport(options);
    if (options.tcpPort().isPresent()) {
      TcpEchoInitializer plain = new TcpEchoInitializer(report, Optional.empty());
      bound.tcp = Optional.of(listeners.tcp(options.tcpPort().getAsInt(), true, plain));
    }
    if (tlsContext.isPresent()) {
      TcpEchoInitializer secure = new TcpEchoInitializer(report, tlsContext);
      bound.tcpTls = Optional.of(listeners.tcp(options.tcpTlsPort().getAsInt(), true, secure));
    }
    report.ports(portText(bound.tcp), portText(bound.tcpTls));
  }

  private static String portText(Optional<Channel> channel) {
    return channel.map(bound -> Integer.toString(Listeners.port(bound))).orElse("");
  }

  /** The HTTP listener's address, with the actual port. */
  public InetSocketAddress address() {
    return (InetSocketAddress) http.localAddress();
  }

  /** The HTTPS listener's address, when {@link EchoOptions#tlsPort()} is set. */
  public Optional<InetSocketAddress> tlsAddress() {
    return tls.map(EchoServer::addressOf);
  }

  /** The strict h2c listener's address, when {@link EchoOptions#h2cPort()} is set. */
  public Optional<InetSocketAddress> h2cAddress() {
    return h2c.map(EchoServer::addressOf);
  }

  /** The plain TCP echo's address, when {@link EchoOptions#tcpPort()} is set. */
  public Optional<InetSocketAddress> tcpAddress() {
    return tcp.map(EchoServer::addressOf);
  }

  /** The TCP-echo-in-TLS address, when {@link EchoOptions#tcpTlsPort()} is set. */
  public Optional<InetSocketAddress> tcpTlsAddress() {
    return tcpTls.map(EchoServer::addressOf);
  }

  /** The UDP echo's address, when {@link EchoOptions#udpPort()} is set. */
  public Optional<InetSocketAddress> udpAddress() {
    return udp.map(EchoServer::addressOf);
  }

  /**
   * Stops accepting, closes every connection and waits (bounded) for the event loop to stop.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      listeners.close();
    }
  }

  private static InetSocketAddress addressOf(Channel channel) {
    return (InetSocketAddress) channel.localAddress();
  }

  /** The optional listeners bound so far; filled by the starting thread only. */
  private static final class Bound {
    Optional<Channel> tls = Optional.empty();
    Optional<Channel> h2c = Optional.empty();
    Optional<Channel> tcp = Optional.empty();
    Optional<Channel> tcpTls = Optional.empty();
    Optional<Channel> udp = Optional.empty();
  }
}
