package dev.sluice.proxy.stream;

import static dev.sluice.proxy.stream.StreamRoutes.route;
import static dev.sluice.proxy.stream.StreamRoutes.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.StreamRoute;
import dev.sluice.proxy.testing.Await;
import dev.sluice.proxy.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * UDP sessions through {@link StreamProxy} over real loopback sockets; one subclass per transport.
 */
abstract class AbstractUdpStreamTest {

  private static final Duration IDLE = Duration.ofMillis(300);

  private EventLoopGroup group;
  private UdpEchoOrigin a;
  private UdpEchoOrigin b;
  private Channel listener;
  private final List<DatagramSocket> clients = new ArrayList<>();
  private final AtomicReference<StreamRouteTable> table =
      new AtomicReference<>(StreamRouteTable.compile(List.of()));

  abstract Transport transport();

  @BeforeEach
  void start() throws Exception {
    Transport transport = transport();
    group = transport.newGroup(1);
    StreamProxy proxy = new StreamProxy(transport, Duration.ofSeconds(2), IDLE);
    a = new UdpEchoOrigin("a");
    b = new UdpEchoOrigin("b");
    listener = proxy.bindUdp(group, new InetSocketAddress("127.0.0.1", 0), table::get);
  }

  @AfterEach
  void stop() {
    clients.forEach(DatagramSocket::close);
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    a.close();
    b.close();
  }

  @AfterAll
  static void leaks() {
    Transports.flushLeakReports();
  }

  private void routeTo(StreamRoute route) {
    table.set(StreamRouteTable.compile(List.of(route)));
  }

  private DatagramSocket client() throws IOException {
    DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setSoTimeout(5_000);
    clients.add(socket);
    return socket;
  }

  private String exchange(DatagramSocket client, String payload) throws IOException {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(bytes, bytes.length, listener.localAddress()));
    byte[] buffer = new byte[65_535];
    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
    client.receive(reply);
    assertThat(reply.getSocketAddress()).isEqualTo(listener.localAddress());
    return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
  }

  @Test
  void repliesGoBackToTheClient() throws Exception {
    routeTo(route("r", service("a", 1, a.endpoint())));
    DatagramSocket client = client();

    assertThat(exchange(client, "ping")).isEqualTo("a:ping");
    assertThat(exchange(client, "again")).isEqualTo("a:again");
    assertThat(a.senders()).hasSize(1);
  }

  @Test
  void largeDatagramIsNotTruncated() throws Exception {
    routeTo(route("r", service("a", 1, a.endpoint())));
    String payload = "x".repeat(60_000);

    assertThat(exchange(client(), payload)).isEqualTo("a:" + payload);
  }

  @Test
  void twoClientsAreKeptApart() throws Exception {
    routeTo(route("r", service("a", 1, a.endpoint())));
    DatagramSocket first = client();
    DatagramSocket second = client();

    assertThat(exchange(first, "one")).isEqualTo("a:one");
    assertThat(exchange(second, "two")).isEqualTo("a:two");
    assertThat(exchange(first, "three")).isEqualTo("a:three");
    assertThat(a.senders()).as("one upstream session per client").hasSize(2);
  }

  @Test
  void sessionsChooseBackendsByWeightAndStick() throws Exception {
    routeTo(route("r", service("a", 1, a.endpoint()), service("b", 3, b.endpoint())));
    int sessions = 120;
    int toB = 0;
    for (int i = 0; i < sessions; i++) {
      DatagramSocket client = client();
      String first = exchange(client, "p" + i);
      String origin = first.substring(0, 2);
      assertThat(exchange(client, "q" + i)).as("sticky session").isEqualTo(origin + "q" + i);
      toB += origin.equals("b:") ? 1 : 0;
    }
    // Expected 90 (binomial, sd about 4.7); 25 is over five standard deviations.
    assertThat(toB).isBetween(65, 115);
    assertThat(a.senders().size() + b.senders().size()).isEqualTo(sessions);
  }

  @Test
  void weightZeroIsNeverChosen() throws Exception {
    routeTo(route("r", service("a", 0, a.endpoint()), service("b", 1, b.endpoint())));
    for (int i = 0; i < 20; i++) {
      assertThat(exchange(client(), "x")).isEqualTo("b:x");
    }
    assertThat(a.senders()).isEmpty();
  }

  @Test
  void noBackendDropsTheDatagram() throws Exception {
    routeTo(route("r"));
    DatagramSocket client = client();
    client.setSoTimeout(300);
    byte[] bytes = "lost".getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(bytes, bytes.length, listener.localAddress()));

    DatagramPacket reply = new DatagramPacket(new byte[16], 16);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.receive(reply))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(sessionCount()).isZero();
  }

  @Test
  void idleSessionIsClosedAndANewOneStarts() throws Exception {
    routeTo(route("r", service("a", 1, a.endpoint())));
    DatagramSocket client = client();
    assertThat(exchange(client, "one")).isEqualTo("a:one");
    assertThat(sessionCount()).isEqualTo(1);

    Await.until(Duration.ofSeconds(5), () -> sessionCount() == 0);

    assertThat(exchange(client, "two")).isEqualTo("a:two");
    assertThat(a.senders()).as("a new upstream socket after the idle close").hasSize(2);
  }

  private int sessionCount() {
    UdpListenerHandler handler = listener.pipeline().get(UdpListenerHandler.class);
    return listener.eventLoop().submit(handler::sessionCount).syncUninterruptibly().getNow();
  }
}
