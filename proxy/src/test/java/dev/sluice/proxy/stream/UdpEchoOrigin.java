package dev.sluice.proxy.stream;

import dev.sluice.ir.Endpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP origin on an ephemeral loopback port that answers every datagram with {@code
 * <name>:<payload>} and records the addresses it heard from. Thread-safe.
 */
final class UdpEchoOrigin implements AutoCloseable {

  private final String name;
  private final DatagramSocket socket;
  private final Set<SocketAddress> senders = ConcurrentHashMap.newKeySet();

  UdpEchoOrigin(String name) throws IOException {
    this.name = name;
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofVirtual().name("udp-origin-" + name).start(this::loop);
  }

  Endpoint endpoint() {
    return new Endpoint("127.0.0.1", socket.getLocalPort());
  }

  /** The distinct proxy-side addresses (one per session) that sent to this origin. */
  Set<SocketAddress> senders() {
    return senders;
  }

  private void loop() {
    byte[] buffer = new byte[65_535];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        senders.add(packet.getSocketAddress());
        String payload =
            new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        byte[] reply = (name + ":" + payload).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
