package dev.sluice.conformance.checks;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TCP echo checks (§4.3, §5.9): dial (TLS when asked), read the welcome line, {@code PING} →
 * {@code PONG}, {@code IS_TLS}, then {@code TEST} and compare the JSON; and the TLS rejection check
 * (the handshake must end in EOF or a reset, not a certificate error). Stateless.
 */
public final class TcpChecks {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TcpChecks() {}

  /** Passes on the first fully valid attempt within 30 s (like {@code assert.Eventually}). */
  public static void expect(String address, TcpCase c) {
    Eventually.consistent(c.toString(), 1, TIMEOUT, () -> attempt(address, c).failure());
  }

  /** What one connection found: why it failed, if it did, and the pod that answered. */
  public record Answer(Optional<String> failure, String pod) {}

  /** One connection and conversation. */
  public static Answer attempt(String address, TcpCase c) {
    try (Socket socket = connect(address, c)) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      String welcome = in.readLine();
      if (!"Gateway API Test TCP Server".equals(welcome)) {
        return failed("welcome line '" + welcome + "'");
      }
      String pong = command(out, in, "PING");
      if (!"PONG".equals(pong)) {
        return failed("PING answered '" + pong + "'");
      }
      String isTls = command(out, in, "IS_TLS");
      if (!Boolean.toString(c.backendTls).equals(isTls)) {
        return failed("IS_TLS answered '" + isTls + "', expected " + c.backendTls);
      }
      return compareTest(c, JSON.readTree(command(out, in, "TEST")));
    } catch (IOException | RuntimeException e) {
      return failed("connection failed: " + e);
    }
  }

  private static Answer compareTest(TcpCase c, JsonNode test) {
    String pod = test.path("pod").asString("");
    String namespace = test.path("namespace").asString("");
    if (!namespace.equals(c.namespace)) {
      return new Answer(Optional.of("namespace " + namespace + ", expected " + c.namespace), pod);
    }
    if (!pod.startsWith(c.backend + "-")) {
      return new Answer(Optional.of("answered by " + pod + ", expected " + c.backend), pod);
    }
    String sni = test.path("tls").path("serverName").asString("");
    if (c.backendSni.isPresent() && !c.backendSni.get().equals(sni)) {
      return new Answer(Optional.of("backend saw SNI '" + sni + "'"), pod);
    }
    return new Answer(Optional.empty(), pod);
  }

  /**
   * {@code MakeTLSConnectionAndExpectEventuallyConnectionRejection}: within 30 s, a TLS handshake
   * with {@code sni} to {@code address:port} ends in EOF or a reset (a certificate error or a
   * completed handshake does not count).
   */
  public static void expectRejected(
      String address, int port, String sni, java.security.cert.X509Certificate ca) {
    Eventually.consistent(
        "TLS to " + sni + ":" + port + " rejected",
        1,
        TIMEOUT,
        () -> rejection(address, port, sni, ca));
  }

  private static Optional<String> rejection(
      String address, int port, String sni, java.security.cert.X509Certificate ca) {
    TcpCase c = TcpCase.port(port).tls(sni, ca);
    try (Socket socket = connect(address, c)) {
      return Optional.of("handshake with " + sni + " completed");
    } catch (IOException e) {
      return isRejection(e) ? Optional.empty() : Optional.of("not a rejection: " + e);
    }
  }

  private static boolean isRejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return false;
      }
    }
    if (e instanceof EOFException || e instanceof SocketException) {
      return true;
    }
    String message = String.valueOf(e.getMessage());
    return e instanceof SSLException
        && (message.contains("terminated the handshake")
            || message.contains("closed")
            || message.contains("reset")
            || e.getCause() instanceof EOFException
            || e.getCause() instanceof SocketException);
  }

  private static Socket connect(String address, TcpCase c) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(address, c.port), Http1Client.TIMEOUT_MILLIS);
    plain.setSoTimeout(Http1Client.TIMEOUT_MILLIS);
    if (c.sni.isEmpty()) {
      return plain;
    }
    SSLSocket socket =
        (SSLSocket)
            TlsClients.context(c.trust.orElseThrow(), Optional.empty(), new AtomicBoolean())
                .getSocketFactory()
                .createSocket(plain, address, c.port, true);
    TlsClients.configure(socket, c.sni.get(), List.of());
    socket.startHandshake();
    return socket;
  }

  private static String command(OutputStream out, BufferedReader in, String command)
      throws IOException {
    out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return in.readLine();
  }

  private static Answer failed(String why) {
    return new Answer(Optional.of(why), "");
  }

  /** Weighted distribution over TCP connections (§5.5 rules, each connection one sample). */
  public static void expectWeights(String address, TcpCase c, Map<String, Double> weights) {
    expect(address, c);
    String last = "";
    for (int round = 0; round < HttpChecks.WEIGHT_ROUNDS; round++) {
      Optional<String> failure =
          Weights.round(
              HttpChecks.WEIGHT_REQUESTS,
              HttpChecks.WEIGHT_CONCURRENCY,
              () -> {
                Answer answer = attempt(address, c);
                if (answer.failure().isPresent()) {
                  throw new IOException(answer.failure().get());
                }
                return Weights.backendName(answer.pod());
              },
              weights);
      if (failure.isEmpty()) {
        return;
      }
      last = failure.get();
    }
    throw new AssertionError("weights " + weights + " not met: " + last);
  }
}
