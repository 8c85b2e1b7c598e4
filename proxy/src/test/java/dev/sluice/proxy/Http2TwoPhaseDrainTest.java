package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawH2;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drain's two-phase {@code GOAWAY} (RFC 9113 §6.8) over a real h2c connection: a first {@code
 * GOAWAY} with last-stream-id 2^31-1 and a {@code PING}; a stream the client opened before it saw
 * them is still served; the final {@code GOAWAY} (after the {@code PING} ack, or after the wait
 * when no ack comes) names the last stream seen; then the connection closes cleanly.
 */
class Http2TwoPhaseDrainTest extends ProxyTestBase {

  private static final long ALL_STREAMS = Integer.MAX_VALUE;
  private final int port = freePort();

  /** The next frame of {@code type} on {@code stream}; a reset propagates. */
  private static RawH2.Frame until(RawH2 h2, int type, int stream) throws IOException {
    for (Optional<RawH2.Frame> f = h2.readOrEnd(); f.isPresent(); f = h2.readOrEnd()) {
      if (f.get().type() == type && f.get().stream() == stream) {
        return f.get();
      }
    }
    throw new AssertionError("closed before frame type " + type);
  }

  private static RawH2.Frame endOf(RawH2 h2, int stream) throws IOException {
    for (Optional<RawH2.Frame> f = h2.readOrEnd(); f.isPresent(); f = h2.readOrEnd()) {
      if (f.get().stream() == stream && (f.get().flags() & RawH2.END_STREAM) != 0) {
        return f.get();
      }
    }
    throw new AssertionError("closed before the end of stream " + stream);
  }

  private Socket connect() throws IOException {
    apply(gateway(listener(port, anyHost(route("r", prefix("/"), List.of(), List.of(to(a)))))));
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    return socket;
  }

  @Test
  void aStreamOpenedBeforeTheClientSawTheFirstGoawayIsServed() throws Exception {
    try (Socket socket = connect()) {
      RawH2 h2 = new RawH2(socket, true);
      h2.headers(1, RawH2.get("/first"), true);
      endOf(h2, 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
      RawH2.Frame first = until(h2, RawH2.GOAWAY, 0);
      assertThat(first.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(first.u32(0)).as("first last-stream-id").isEqualTo(ALL_STREAMS);
      RawH2.Frame ping = until(h2, RawH2.PING, 0);
      assertThat(ping.flags() & RawH2.ACK).isZero();
      // Crossed the first GOAWAY: sent before the client read it.
      h2.headers(3, RawH2.get("/crossing"), true);
      h2.frame(RawH2.PING, RawH2.ACK, 0, ping.payload());
      RawH2.Frame last = until(h2, RawH2.GOAWAY, 0);
      assertThat(last.u32(0)).as("final last-stream-id").isEqualTo(3);
      RawH2.Frame response = endOf(h2, 3);
      assertThat(response.stream()).isEqualTo(3);
      assertThat(h2.readOrEnd()).as("clean end after the final GOAWAY").isEmpty();
      assertThat(a.requests()).anyMatch(r -> r.uri().equals("/crossing"));
      socket.close();
      closing.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutAPingAckTheFinalGoawayFollowsAfterTheWait() throws Exception {
    try (Socket socket = connect()) {
      RawH2 h2 = new RawH2(socket, true);
      h2.headers(1, RawH2.get("/first"), true);
      endOf(h2, 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
      RawH2.Frame first = until(h2, RawH2.GOAWAY, 0);
      assertThat(first.u32(0)).as("first last-stream-id").isEqualTo(ALL_STREAMS);
      RawH2.Frame last = until(h2, RawH2.GOAWAY, 0);
      assertThat(last.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(last.u32(0)).as("final last-stream-id").isEqualTo(1);
      assertThat(h2.readOrEnd()).as("clean end after the final GOAWAY").isEmpty();
      socket.close();
      closing.get(10, TimeUnit.SECONDS);
    }
  }
}
