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
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
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

  /** Reads frames off the socket; a reset propagates as an exception, the end as null. */
  private static RawH2.Frame next(DataInputStream in) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int length = first << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new RawH2.Frame(type, flags, stream, payload);
  }

  private static RawH2.Frame until(DataInputStream in, int type, int stream) throws IOException {
    for (RawH2.Frame f = next(in); f != null; f = next(in)) {
      if (f.type() == type && (stream < 0 || f.stream() == stream)) {
        return f;
      }
    }
    throw new AssertionError("closed before frame type " + type);
  }

  private static RawH2.Frame endOf(DataInputStream in, int stream) throws IOException {
    for (RawH2.Frame f = next(in); f != null; f = next(in)) {
      if (f.stream() == stream && (f.flags() & RawH2.END_STREAM) != 0) {
        return f;
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
      DataInputStream in = new DataInputStream(socket.getInputStream());
      h2.headers(1, RawH2.get("/first"), true);
      endOf(in, 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
      RawH2.Frame first = until(in, RawH2.GOAWAY, 0);
      assertThat(first.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(first.u32(0)).as("first last-stream-id").isEqualTo(ALL_STREAMS);
      RawH2.Frame ping = until(in, RawH2.PING, 0);
      assertThat(ping.flags() & RawH2.ACK).isZero();
      // Crossed the first GOAWAY: sent before the client read it.
      h2.headers(3, RawH2.get("/crossing"), true);
      h2.frame(RawH2.PING, RawH2.ACK, 0, ping.payload());
      RawH2.Frame last = until(in, RawH2.GOAWAY, 0);
      assertThat(last.u32(0)).as("final last-stream-id").isEqualTo(3);
      RawH2.Frame response = endOf(in, 3);
      assertThat(response.stream()).isEqualTo(3);
      assertThat(next(in)).as("clean end after the final GOAWAY").isNull();
      assertThat(a.requests()).anyMatch(r -> r.uri().equals("/crossing"));
      socket.close();
      closing.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutAPingAckTheFinalGoawayFollowsAfterTheWait() throws Exception {
    try (Socket socket = connect()) {
      RawH2 h2 = new RawH2(socket, true);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      h2.headers(1, RawH2.get("/first"), true);
      endOf(in, 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(proxy::close);
      RawH2.Frame first = until(in, RawH2.GOAWAY, 0);
      assertThat(first.u32(0)).as("first last-stream-id").isEqualTo(ALL_STREAMS);
      RawH2.Frame last = until(in, RawH2.GOAWAY, 0);
      assertThat(last.errorCode()).isEqualTo(RawH2.NO_ERROR);
      assertThat(last.u32(0)).as("final last-stream-id").isEqualTo(1);
      assertThat(next(in)).as("clean end after the final GOAWAY").isNull();
      socket.close();
      closing.get(10, TimeUnit.SECONDS);
    }
  }
}
