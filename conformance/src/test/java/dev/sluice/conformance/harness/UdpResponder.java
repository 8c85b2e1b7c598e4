package dev.sluice.conformance.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The UDP side of a backend pod: one socket on the pod's address, answered by a virtual thread. Two
 * behaviours stand in for the upstream images (conformance notes §4.3):
 *
 * <ul>
 *   <li>{@link #echo}: echo-basic's {@code UDP_ECHO_SERVER}, answering every datagram with the JSON
 *       envelope {@code {"request","namespace","ingress","service","pod"}};
 *   <li>{@link #dns}: the base {@code coredns} Deployment, reduced to what UDPRoute needs: it
 *       answers every DNS query ({@link DnsMessage}) with an A record holding the pod's own
 *       address, like coredns' {@code whoami} identifies the server that answered.
 * </ul>
 *
 * <p>Thread-safe: the log is appended to by the serving thread.
 */
final class UdpResponder implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DatagramSocket socket;
  private final Thread thread;

  private UdpResponder(DatagramSocket socket, Function<byte[], Optional<byte[]>> answer) {
    this.socket = socket;
    this.thread =
        Thread.ofVirtual()
            .name("udp-pod-" + socket.getLocalSocketAddress())
            .start(() -> serve(answer));
  }

  /** Serves echo-basic's UDP envelope on {@code ip:port}, logging each payload. */
  static UdpResponder echo(
      String ip,
      int port,
      String pod,
      String namespace,
      String service,
      ConcurrentLinkedQueue<String> log) {
    return start(
        ip,
        port,
        payload -> {
          String request = new String(payload, StandardCharsets.UTF_8);
          log.add(request);
          var envelope = new java.util.LinkedHashMap<String, String>();
          envelope.put("request", request);
          envelope.put("namespace", namespace);
          envelope.put("ingress", "");
          envelope.put("service", service);
          envelope.put("pod", pod);
          return Optional.of(JSON.writeValueAsBytes(envelope));
        });
  }

  /** Answers DNS queries on {@code ip:port} with an A record of {@code ip}. */
  static UdpResponder dns(String ip, int port, ConcurrentLinkedQueue<String> log) {
    byte[] address = literal(ip).getAddress();
    return start(
        ip,
        port,
        payload -> {
          Optional<DnsMessage.Query> query = DnsMessage.parseQuery(payload);
          query.ifPresent(q -> log.add(q.name()));
          return query.map(q -> DnsMessage.answerA(q, address));
        });
  }

  private static UdpResponder start(
      String ip, int port, Function<byte[], Optional<byte[]>> answer) {
    try {
      DatagramSocket socket = new DatagramSocket(new InetSocketAddress(literal(ip), port));
      return new UdpResponder(socket, answer);
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot bind UDP " + ip + ":" + port, e);
    }
  }

  private void serve(Function<byte[], Optional<byte[]>> answer) {
    byte[] buffer = new byte[2048];
    while (!socket.isClosed()) {
      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(in);
        byte[] payload = java.util.Arrays.copyOf(in.getData(), in.getLength());
        Optional<byte[]> reply = answer.apply(payload);
        if (reply.isPresent()) {
          socket.send(new DatagramPacket(reply.get(), reply.get().length, in.getSocketAddress()));
        }
      } catch (IOException e) {
        // closed, or one failed send (ICMP unreachable): keep serving until closed
      }
    }
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an IP literal: '" + ip + "'", e);
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      thread.join(java.time.Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
