package dev.sluice.conformance.checks;

import dev.sluice.conformance.harness.DnsMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The UDP checks (the suite's {@code utils/udp} and the DNS query of {@code UDPRoute}): one
 * datagram to the Gateway, one answer back, within a deadline. Stateless.
 */
public final class UdpChecks {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int PROBE_TIMEOUT_MILLIS = 2_000;

  private UdpChecks() {}

  /**
   * What one echo answered.
   *
   * @param request the payload the backend received
   * @param namespace the pod's namespace
   * @param service the Service name the pod runs for
   * @param pod the pod name
   */
  public record Echo(String request, String namespace, String service, String pod) {}

  /** Sends {@code payload} and parses the echo envelope that comes back. */
  public static Echo send(String address, int port, String payload) throws IOException {
    byte[] answer = exchange(address, port, payload.getBytes(StandardCharsets.UTF_8));
    JsonNode json = JSON.readTree(answer);
    return new Echo(
        json.path("request").asString(""),
        json.path("namespace").asString(""),
        json.path("service").asString(""),
        json.path("pod").asString(""));
  }

  /**
   * {@code ExpectEchoResponseFromBackend}: within 30 s an echo comes back unchanged from {@code
   * service} in {@code namespace} (either empty = any).
   */
  public static void expectEcho(String address, int port, String service, String namespace) {
    Eventually.consistent(
        "UDP echo via " + address + ":" + port + " from " + service,
        1,
        Eventually.MAX_TIME_TO_CONSISTENCY,
        () -> echoProblem(address, port, service, namespace));
  }

  private static Optional<String> echoProblem(
      String address, int port, String service, String namespace) {
    String probe = "gateway-api-conformance-udp-echo";
    try {
      Echo echo = send(address, port, probe);
      if (!echo.request().equals(probe)) {
        return Optional.of("the backend received '" + echo.request() + "'");
      }
      if (!service.isEmpty() && !echo.service().equals(service)) {
        return Optional.of("answered by service " + echo.service() + " (pod " + echo.pod() + ")");
      }
      if (!namespace.isEmpty() && !echo.namespace().equals(namespace)) {
        return Optional.of("answered from namespace " + echo.namespace());
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("no echo: " + e);
    }
  }

  /** {@code count} probes in a row are all answered by pods of {@code backend}. */
  public static void expectOnlyBackend(String address, int port, String backend, int count) {
    Eventually.consistent(
        count + " UDP probes via " + address + ":" + port + " answered by " + backend,
        1,
        Eventually.MAX_TIME_TO_CONSISTENCY,
        () -> {
          for (int i = 0; i < count; i++) {
            try {
              String pod = send(address, port, "gateway-api-conformance-udp-weight\n").pod();
              if (!Weights.backendName(pod).equals(backend)) {
                throw new AssertionError("UDP traffic reached pod " + pod + ", not " + backend);
              }
            } catch (IOException e) {
              return Optional.of("probe " + (i + 1) + " failed: " + e);
            }
          }
          return Optional.empty();
        });
  }

  /** §5.5 weighted distribution over UDP datagrams (each datagram one sample). */
  public static void expectWeights(String address, int port, Map<String, Double> weights) {
    expectEcho(address, port, "", "");
    String last = "";
    for (int round = 0; round < HttpChecks.WEIGHT_ROUNDS; round++) {
      Optional<String> failure =
          Weights.round(
              HttpChecks.WEIGHT_REQUESTS,
              HttpChecks.WEIGHT_CONCURRENCY,
              () ->
                  Weights.backendName(
                      send(address, port, "gateway-api-conformance-udp-weight\n").pod()),
              weights);
      if (failure.isEmpty()) {
        return;
      }
      last = failure.get();
    }
    throw new AssertionError("UDP weights " + weights + " not met: " + last);
  }

  /**
   * The DNS check of {@code UDPRoute}: within {@code timeout}, an A query for {@code name} gets a
   * well-formed response with the same id; returns the addresses it carries.
   */
  public static java.util.List<String> expectDnsAnswer(
      String address, int port, String name, Duration timeout) {
    java.util.concurrent.atomic.AtomicReference<java.util.List<String>> found =
        new java.util.concurrent.atomic.AtomicReference<>();
    Eventually.consistent(
        "DNS A " + name + " via " + address + ":" + port,
        1,
        timeout,
        () -> {
          int id = ThreadLocalRandom.current().nextInt(1 << 16);
          try {
            DnsMessage.Response response =
                DnsMessage.parseResponse(exchange(address, port, DnsMessage.queryA(id, name)));
            if (response.id() != id || !response.isResponse() || response.rcode() != 0) {
              return Optional.of("bad DNS response " + response + " to query id " + id);
            }
            found.set(response.addresses());
            return Optional.empty();
          } catch (IOException | RuntimeException e) {
            return Optional.of("DNS query failed: " + e);
          }
        });
    return found.get();
  }

  private static byte[] exchange(String address, int port, byte[] payload) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(new InetSocketAddress(address, port));
      socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
      socket.send(new DatagramPacket(payload, payload.length));
      byte[] buffer = new byte[4096];
      DatagramPacket in = new DatagramPacket(buffer, buffer.length);
      socket.receive(in);
      return java.util.Arrays.copyOf(in.getData(), in.getLength());
    }
  }
}
