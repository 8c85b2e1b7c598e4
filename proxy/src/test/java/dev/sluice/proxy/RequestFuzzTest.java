package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deterministic mutation fuzzer over raw HTTP/1.1 requests. Each input must be answered with a
 * status or a close, within the request-head deadline unless a complete head reached the origin,
 * forward at most one request, and leave the proxy serving a fresh connection. Budget {@code
 * -Dsluice.fuzz.seconds} (default 10), seed {@code -Dsluice.fuzz.seed}; a failing input is printed
 * in hex and can be added to {@link #REGRESSIONS}.
 */
class RequestFuzzTest extends ProxyTestBase {

  private static final Duration HEAD_DEADLINE = Duration.ofMillis(300);

  /** Slack over the deadline for timer granularity and a loaded 2-core machine. */
  private static final int ANSWER_WITHIN_MS = (int) HEAD_DEADLINE.toMillis() + 1_500;

  private static final int MAX_INPUTS = 20_000;
  private static final int POLL_MS = 50;

  private static final List<String> SEEDS =
      List.of(
          "GET /fuzz HTTP/1.1\r\nHost: x.test\r\nUser-Agent: f\r\nAccept: */*\r\n\r\n",
          "POST /fuzz HTTP/1.1\r\nHost: x.test\r\nContent-Length: 5\r\n\r\nhello",
          "POST /fuzz HTTP/1.1\r\nHost: x.test\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n",
          "GET http://x.test/fuzz?q=1 HTTP/1.1\r\nHost: x.test\r\nConnection: keep-alive\r\n\r\n",
          "GET /fuzz HTTP/1.0\r\nHost: x.test\r\nCookie: a=b; c=d\r\n\r\n",
          "PUT /fuzz/%2Fa/../b HTTP/1.1\r\nHost: x.test:80\r\nContent-Length: 0\r\n"
              + "X-Forwarded-For: 1.2.3.4\r\nConnection: x-drop\r\nX-Drop: y\r\n\r\n");

  /** Inputs (hex) that once failed; they run before the random ones. */
  private static final List<String> REGRESSIONS = List.of();

  private final int port = freePort();
  private CountingOrigin origin;
  private int probes;
  private final java.util.Map<Outcome, Integer> tally = new java.util.EnumMap<>(Outcome.class);

  @BeforeEach
  void serve() {
    origin = new CountingOrigin();
    var limits = ClientLimitsTest.limits(l -> l.requestHeadersTimeout(HEAD_DEADLINE));
    var any = anyHost(route("all", prefix("/"), List.of(), List.of(toEndpoint(origin.endpoint()))));
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                List.of(any),
                limits)));
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  @Test
  void everyMutatedRequestIsAnsweredOrClosedAndTheProxyKeepsServing() throws IOException {
    long seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
    long budget = Duration.ofSeconds(Long.getLong("sluice.fuzz.seconds", 10)).toNanos();
    System.out.println(
        "RequestFuzzTest seed " + seed + " (rerun with -Dsluice.fuzz.seed=" + seed + ")");
    for (String hex : REGRESSIONS) {
      check(HexFormat.of().parseHex(hex), seed, -1);
    }
    FuzzMutator mutator = new FuzzMutator(seed);
    long start = System.nanoTime();
    int inputs = 0;
    while (inputs < MAX_INPUTS && System.nanoTime() - start < budget) {
      byte[] seedBytes = SEEDS.get(inputs % SEEDS.size()).getBytes(StandardCharsets.ISO_8859_1);
      check(mutator.mutate(seedBytes), seed, inputs++);
    }
    System.out.println("RequestFuzzTest: " + inputs + " inputs, outcomes " + tally);
    assertThat(inputs).as("inputs tried within the budget").isGreaterThan(20);
  }

  private void check(byte[] input, long seed, int index) throws IOException {
    String what =
        "fuzz input #%d (seed %d), hex %s, text \"%s\""
            .formatted(
                index,
                seed,
                HexFormat.of().formatHex(input),
                HostileTestBase.printable(new String(input, StandardCharsets.ISO_8859_1)));
    int forwardedBefore = origin.others();
    Outcome outcome = exchange(input, forwardedBefore);
    int forwarded = origin.others() - forwardedBefore;
    tally.merge(outcome, 1, Integer::sum);
    assertThat(outcome).as("outcome of %s", what).isNotEqualTo(Outcome.HANG);
    if (outcome == Outcome.SILENT_AFTER_DEADLINE) {
      assertThat(forwarded)
          .as(
              "silence past the head deadline is only allowed once a head reached the origin: %s",
              what)
          .isEqualTo(1);
    }
    assertThat(forwarded).as("requests forwarded for %s", what).isLessThanOrEqualTo(1);
    assertLegitimateRequestServed(what);
  }

  enum Outcome {
    STATUS,
    CLOSED,
    /** Nothing within the deadline; closed or answered after the client half-closed. */
    SILENT_AFTER_DEADLINE,
    HANG
  }

  private Outcome exchange(byte[] input, int forwardedBefore) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      InputStream in = socket.getInputStream();
      try {
        socket.getOutputStream().write(input);
        socket.getOutputStream().flush();
      } catch (SocketException e) {
        return Outcome.CLOSED;
      }
      Optional<Outcome> answered = awaitAnswer(socket, in, forwardedBefore);
      if (answered.isPresent()) {
        return answered.get();
      }
      // Silent: possibly waiting for a body the input announced but did not carry. End our side.
      socket.shutdownOutput();
      socket.setSoTimeout(ANSWER_WITHIN_MS);
      try {
        firstBytes(in);
        return Outcome.SILENT_AFTER_DEADLINE;
      } catch (SocketTimeoutException again) {
        return Outcome.HANG;
      }
    }
  }

  /**
   * Waits for an answer up to the head deadline plus slack, or only until a head reached the origin
   * (then the proxy may rightly wait for a body); empty when none came.
   */
  private Optional<Outcome> awaitAnswer(Socket socket, InputStream in, int forwardedBefore)
      throws IOException {
    long until = System.nanoTime() + Duration.ofMillis(ANSWER_WITHIN_MS).toNanos();
    socket.setSoTimeout(POLL_MS);
    while (System.nanoTime() < until) {
      try {
        return Optional.of(firstBytes(in));
      } catch (SocketTimeoutException e) {
        if (origin.others() > forwardedBefore) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Reads a status line ({@link Outcome#STATUS}) or end of stream ({@link Outcome#CLOSED}). */
  private static Outcome firstBytes(InputStream in) throws IOException {
    byte[] head = new byte[12];
    int n = 0;
    try {
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException reset) {
      return n == 0 ? Outcome.CLOSED : Outcome.STATUS;
    }
    if (n == 0) {
      return Outcome.CLOSED;
    }
    String status = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    assertThat(status).as("first bytes of the answer").matches("HTTP/1\\.[01] [1-5]\\d\\d");
    return Outcome.STATUS;
  }

  private void assertLegitimateRequestServed(String after) throws IOException {
    String target = "/legit-" + probes++;
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response ok = http.exchange("GET " + target + " HTTP/1.1\r\nHost: ok.test\r\n\r\n");
      assertThat(ok.status()).as("fresh request after %s", after).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
    }
  }
}
