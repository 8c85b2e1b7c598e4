package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Idle and half-closed WebSocket tunnels (reliability-security.md §4 H5). The backend accepts the
 * upgrade with a 101 and then echoes raw bytes (the tunnel carries bytes, so no WebSocket framing
 * is needed); it records when its side of the tunnel closes.
 */
class TunnelTest extends ProxyTestBase {

  private static final String UPGRADE =
      "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

  private final int port = freePort();
  private final CompletableFuture<Channel> backendSide = new CompletableFuture<>();
  private final CompletableFuture<Void> backendClosed = new CompletableFuture<>();
  private SmallServer backend;

  @AfterEach
  void stopBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  private void serve(Duration tunnelIdle) {
    backend =
        new SmallServer(
            ch -> {
              ch.closeFuture().addListener(f -> backendClosed.complete(null));
              ch.pipeline().addLast(new HttpRequestDecoder()).addLast(new AcceptThenEcho());
            });
    ClientLimits limits =
        new LimitsBuilder(ClientLimits.DEFAULTS).tunnelIdleTimeout(tunnelIdle).build();
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                List.of(
                    anyHost(
                        route(
                            "ws",
                            prefix("/ws"),
                            List.of(),
                            List.of(toEndpoint(backend.endpoint()))),
                        route("rest", prefix("/"), List.of(), List.of(to(a))))),
                limits)));
  }

  /** Answers the upgrade with 101, then echoes every byte. */
  private final class AcceptThenEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf bytes) {
        ctx.writeAndFlush(bytes);
        return;
      }
      if (msg instanceof LastHttpContent) {
        ctx.pipeline().remove(HttpRequestDecoder.class);
        ctx.writeAndFlush(
            Unpooled.copiedBuffer(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        backendSide.complete(ctx.channel());
      }
      ReferenceCountUtil.release(msg);
    }
  }

  /** Opens the tunnel and checks it carries bytes both ways. */
  private Socket openTunnel() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(UPGRADE.getBytes(StandardCharsets.ISO_8859_1));
    String head = readHead(socket.getInputStream());
    assertThat(head).startsWith("HTTP/1.1 101 ");
    socket.getOutputStream().write("ping".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(new String(socket.getInputStream().readNBytes(4), StandardCharsets.ISO_8859_1))
        .isEqualTo("ping");
    return socket;
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("closed after " + head);
      }
      head.append((char) c);
    }
    return head.toString();
  }

  /** Whether the proxy closed the client side (EOF or reset) within the socket timeout. */
  private static boolean closedByProxy(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  private void stillServes() throws IOException {
    assertThat(get(port, "x", "/after").body()).isEqualTo("a GET /after");
  }

  @Test
  void h5_silentTunnelIsClosedOnBothSidesAtTheIdleTimeout() throws Exception {
    serve(Duration.ofMillis(400));
    try (Socket socket = openTunnel()) {
      long silentSince = System.nanoTime();
      assertThat(closedByProxy(socket)).isTrue();
      Duration silent = Duration.ofNanos(System.nanoTime() - silentSince);
      assertThat(silent).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(silent).isLessThan(Duration.ofSeconds(5));
    }
    backendClosed.get(5, TimeUnit.SECONDS);
    stillServes();
  }

  @Test
  void h5_trafficInOneDirectionKeepsTheTunnelOpen() throws Exception {
    serve(Duration.ofMillis(400));
    try (Socket socket = openTunnel()) {
      Channel server = backendSide.get(5, TimeUnit.SECONDS);
      // The backend talks every 100 ms for 1.2 s; the client only listens.
      ScheduledFuture<?> talk =
          server
              .eventLoop()
              .scheduleAtFixedRate(
                  () -> server.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'.'})),
                  100,
                  100,
                  TimeUnit.MILLISECONDS);
      byte[] dots = socket.getInputStream().readNBytes(12);
      talk.cancel(false);
      assertThat(new String(dots, StandardCharsets.ISO_8859_1)).isEqualTo(".".repeat(12));
      assertThat(backendClosed).isNotDone();
      // Then silence: the idle timeout applies again.
      assertThat(closedByProxy(socket)).isTrue();
    }
    backendClosed.get(5, TimeUnit.SECONDS);
  }

  @Test
  void h5_clientHalfCloseEndsTheTunnelOnBothSides() throws Exception {
    serve(ClientLimits.DEFAULT_TUNNEL_IDLE_TIMEOUT);
    try (Socket socket = openTunnel()) {
      socket.shutdownOutput();
      backendClosed.get(5, TimeUnit.SECONDS);
      assertThat(closedByProxy(socket)).isTrue();
    }
    stillServes();
  }

  @Test
  void h5_backendHalfCloseEndsTheTunnelOnBothSides() throws Exception {
    serve(ClientLimits.DEFAULT_TUNNEL_IDLE_TIMEOUT);
    try (Socket socket = openTunnel()) {
      SocketChannel server = (SocketChannel) backendSide.get(5, TimeUnit.SECONDS);
      server.shutdownOutput();
      assertThat(closedByProxy(socket)).isTrue();
      backendClosed.get(5, TimeUnit.SECONDS);
    }
    stillServes();
  }
}
