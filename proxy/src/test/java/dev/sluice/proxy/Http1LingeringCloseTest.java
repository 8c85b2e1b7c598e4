package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.ir.VirtualHost;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.TestOrigin;
import dev.sluice.proxy.testing.Tls;
import dev.sluice.proxy.transport.LingeringClose;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The lingering close of HTTP/1.1 client connections ({@link LingeringClose}, RFC 9112 §9.6), over
 * real sockets, cleartext and TLS. The proxy closes while the client is still sending: a pipelined
 * request with a large body behind a response that ends the connection (request budget of 1), or
 * the body of a request the proxy answered early. The client writes everything first and reads
 * afterwards, with a small receive buffer, so most of the response still waits in the proxy's send
 * buffer when the proxy closes. Without the lingering close, that close finds the client's bytes
 * unread: the kernel sends a reset instead of {@code FIN} and drops the unsent response, the
 * client's writes fail and its read ends in "connection reset". With it, every client write
 * completes (the proxy reads and drops), and the client reads the whole response and a clean end of
 * stream.
 */
class Http1LingeringCloseTest extends TlsTestBase {

  /** Far beyond the socket buffers on both sides: the proxy must read for the writes to finish. */
  private static final int BODY = 8 << 20;

  /** Far beyond the client's receive window, well within the proxy's send buffer. */
  private static final int RESPONSE = 256 * 1024;

  private static final int CLIENT_RECEIVE_BUFFER = 8 * 1024;

  private static final String FIRST = "/big/" + RESPONSE;
  private static final String SECOND = "/second";

  private void serve(ListenerProtocol protocol, UnaryOperator<LimitsBuilder> limits) {
    VirtualHost host =
        protocol == ListenerProtocol.TLS
            ? httpsHost("a.test", serverTls(Optional.empty()), a)
            : anyHost(route("r", prefix("/"), List.of(), List.of(to(a))));
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                protocol,
                List.of(host),
                limits.apply(new LimitsBuilder(ClientLimits.DEFAULTS)).build())));
  }

  /** A TCP connection whose small receive buffer keeps most of a response in the proxy's. */
  private Socket tcp() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(CLIENT_RECEIVE_BUFFER);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** An HTTP/1.1 TLS connection over {@code tcp}. */
  private SSLSocket tls(Socket tcp) throws Exception {
    SSLSocket socket =
        (SSLSocket)
            Tls.presenting(PKI.root(), Optional.empty())
                .getSocketFactory()
                .createSocket(tcp, "127.0.0.1", port, true);
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(List.of(new SNIHostName("a.test")));
    params.setApplicationProtocols(new String[] {"http/1.1"});
    socket.setSSLParameters(params);
    socket.startHandshake();
    return socket;
  }

  /**
   * Writes {@code head} and then {@link #BODY} bytes on another thread and waits for the writes to
   * end; the client reads nothing meanwhile.
   *
   * @return why the writes failed, or null when they all completed
   */
  private static IOException writeAll(Socket socket, String head) throws Exception {
    CompletableFuture<IOException> written = new CompletableFuture<>();
    Thread writer =
        Thread.ofPlatform()
            .name("lingering-close-client")
            .start(
                () -> {
                  try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = new byte[64 * 1024];
                    for (int sent = 0; sent < BODY; sent += chunk.length) {
                      out.write(chunk);
                    }
                    out.flush();
                    written.complete(null);
                  } catch (IOException e) {
                    written.complete(e);
                  }
                });
    try {
      return written.get(20, TimeUnit.SECONDS);
    } finally {
      writer.join(10_000);
    }
  }

  private static String pipelined() {
    return "GET "
        + FIRST
        + " HTTP/1.1\r\nHost: a.test\r\n\r\n"
        + "POST "
        + SECOND
        + " HTTP/1.1\r\nHost: a.test\r\nContent-Length: "
        + BODY
        + "\r\n\r\n";
  }

  /** Reads one whole response, then asserts a clean end of stream (a reset throws). */
  private static RawHttp.Digested readResponseAndEof(Socket socket) throws IOException {
    RawHttp http = new RawHttp(socket);
    RawHttp.Digested response = http.readDigested();
    assertThat(socket.getInputStream().read()).as("clean end of stream").isEqualTo(-1);
    return response;
  }

  private void assertPipelinedServedAndClosed(Socket client, Socket tcp) throws Exception {
    IOException writeFailure = writeAll(client, pipelined());
    RawHttp.Digested first = readResponseAndEof(client);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.length()).isEqualTo(RESPONSE);
    assertThat(first.headers().get("connection")).isEqualTo("close");
    assertThat(writeFailure).as("client write failure").isNull();
    // The proxy still reads (and drops) what this client sends, until it closes.
    tcp.getOutputStream().write(new byte[4096]);
    tcp.getOutputStream().flush();
    assertThat(proxy.openConnections()).as("lingering until the client closes").isEqualTo(1);
  }

  private void assertClosedAfterClient() {
    Eventually.await(
        Duration.ofMillis(1500), () -> proxy.openConnections() == 0, "closed after the client");
    assertThat(a.requests()).extracting(TestOrigin.Recorded::uri).containsExactly(FIRST);
  }

  @Test
  void cleartextPipelinedRequestBehindTheLastAllowedOneGetsTheWholeResponseAndAnEof()
      throws Exception {
    serve(ListenerProtocol.HTTP, l -> l.maxRequestsPerConnection(1));
    try (Socket socket = tcp()) {
      assertPipelinedServedAndClosed(socket, socket);
    }
    assertClosedAfterClient();
  }

  @Test
  void tlsPipelinedRequestBehindTheLastAllowedOneGetsTheWholeResponseCloseNotifyAndAnEof()
      throws Exception {
    serve(ListenerProtocol.TLS, l -> l.maxRequestsPerConnection(1));
    Socket tcp = tcp();
    try (SSLSocket socket = tls(tcp)) {
      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      // Below TLS: close_notify ended the TLS stream, the proxy still reads and drops.
      assertPipelinedServedAndClosed(socket, tcp);
    }
    assertClosedAfterClient();
  }

  @Test
  void anEarlyAnswerIsReadWhileTheClientIsStillSendingTheBody() throws Exception {
    serve(ListenerProtocol.HTTP, l -> l.maxHeaderCount(4));
    try (Socket socket = tcp()) {
      String head =
          "POST /upload HTTP/1.1\r\nHost: a.test\r\nContent-Length: "
              + BODY
              + "\r\nX-1: 1\r\nX-2: 2\r\nX-3: 3\r\nX-4: 4\r\n\r\n";
      IOException writeFailure = writeAll(socket, head);
      RawHttp.Digested answer = readResponseAndEof(socket);
      assertThat(answer.status()).isEqualTo(431);
      assertThat(answer.headers().get("connection")).isEqualTo("close");
      assertThat(writeFailure).as("client write failure").isNull();
    }
    Eventually.await(
        Duration.ofMillis(1500), () -> proxy.openConnections() == 0, "closed after the client");
    assertThat(a.requests()).isEmpty();
  }

  /**
   * A slowloris is answered {@code 408} at the head deadline as before, and then kept at most the
   * linger timeout longer, however much it still sends: its bytes are dropped unread.
   */
  @Test
  void aSlowlorisIsClosedAtMostTheLingerTimeoutAfterItsDeadline() throws Exception {
    serve(ListenerProtocol.HTTP, l -> l.requestHeadersTimeout(Duration.ofMillis(300)));
    try (Socket socket = tcp()) {
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: a.test\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      RawHttp http = new RawHttp(socket);
      RawHttp.Response timedOut = http.read();
      long answered = System.nanoTime();
      assertThat(timedOut.status()).isEqualTo(408);
      byte[] trickle = "X-Slow: 1\r\n".repeat(1000).getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < 64; i++) {
        out.write(trickle);
      }
      out.flush();
      assertThat(socket.getInputStream().read()).as("clean end of stream").isEqualTo(-1);
      Eventually.await(
          LingeringClose.TIMEOUT.plusSeconds(3),
          () -> proxy.openConnections() == 0,
          "closed at the linger timeout");
      Duration kept = Duration.ofNanos(System.nanoTime() - answered);
      assertThat(kept)
          .as("kept until the linger timeout, no longer")
          .isGreaterThan(LingeringClose.TIMEOUT.dividedBy(2))
          .isLessThan(LingeringClose.TIMEOUT.plusMillis(1500));
    }
    assertThat(a.requests()).isEmpty();
  }
}
