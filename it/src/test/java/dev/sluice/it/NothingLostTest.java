package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reliability-security.md §6.2 end to end: under HTTP/1.1 keep-alive and HTTP/2 (h2c) traffic, 20
 * live reloads switching backends and then a graceful {@code close()} lose no request. Every
 * attempt ends in exactly one of: a relayed 200, a Sluice-generated status with a text body, or a
 * "not processed" signal after close started, recognised as
 *
 * <ul>
 *   <li>connection refused (the listener socket is closed);
 *   <li>HTTP/2: the JDK client's report of a GOAWAY excluding the stream or a REFUSED_STREAM. A
 *       connection reset or a bare end of stream is lost: the drain's two-phase GOAWAY serves the
 *       streams that crossed the first one, and the connection closes lingering, so the client
 *       reads the final GOAWAY (Http2TwoPhaseDrainTest and Http2LingeringCloseTest in proxy);
 *   <li>HTTP/1.1: the connection closed (or reset) before a single response byte. Sluice only
 *       closes a connection without answering when it holds no unanswered request (idle keep-alive
 *       at drain), so to prove the request was not accepted the test checks that no backend saw it.
 * </ul>
 *
 * Anything else (a reset after the request was accepted, a cut-short response, a 200 from the wrong
 * request) counts as lost and fails the test, as does a "not processed" signal before close.
 */
class NothingLostTest {

  private static final int RELOADS = 20;
  private static final int CAP_PER_WORKER = 20_000;

  private EchoBackend blue;
  private EchoBackend green;
  private TestGateway gateway;
  private int port;

  @BeforeEach
  void start() throws Exception {
    blue = EchoBackend.start("blue");
    green = EchoBackend.start("green");
    port = FreePorts.next();
    gateway =
        TestGateway.start(
            "gateway.yaml",
            Yaml.docs(Yaml.GATEWAY_CLASS, Yaml.gateway("gw", port)),
            "backends.yaml",
            Yaml.docs(blue.yaml(), green.yaml()),
            "route.yaml",
            Yaml.route("app", "gw", "/", "blue"));
  }

  @AfterEach
  void stop() {
    gateway.close();
    blue.close();
    green.close();
  }

  @Test
  void reloadsAndGracefulCloseUnderTrafficLoseNothing() throws Exception {
    Outcomes outcomes = new Outcomes();
    AtomicBoolean stop = new AtomicBoolean();
    Set<String> notProcessed = ConcurrentHashMap.newKeySet();
    List<H2Worker> h2 = new ArrayList<>();
    List<Runnable> workers = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      workers.add(
          new H1Worker(port, "h1-" + w, CAP_PER_WORKER, stop::get, outcomes, notProcessed::add));
    }
    for (int w = 0; w < 2; w++) {
      h2.add(new H2Worker(port, "h2-" + w, CAP_PER_WORKER, stop::get, outcomes, notProcessed::add));
    }
    workers.addAll(h2);
    List<Thread> threads = workers.stream().map(r -> Thread.ofPlatform().start(r)).toList();

    Await.until("traffic flowing", () -> outcomes.count(Outcomes.Kind.RELAYED) > 50);
    for (int r = 1; r <= RELOADS; r++) {
      gateway.write("route.yaml", Yaml.route("app", "gw", "/", r % 2 == 0 ? "blue" : "green"));
    }
    long afterReloads = outcomes.count(Outcomes.Kind.RELAYED);
    Await.until(
        "traffic after the reloads",
        () -> outcomes.count(Outcomes.Kind.RELAYED) > afterReloads + 50);
    outcomes.startClose();
    gateway.server().close();
    long attemptsAtClose = outcomes.attempts();
    Await.until("requests after close", () -> outcomes.attempts() > attemptsAtClose + 10);
    stop.set(true);
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(30));
      assertThat(t.isAlive()).as("worker %s finished", t).isFalse();
    }

    System.out.println(
        "NothingLostTest: " + outcomes + " generated=" + outcomes.generatedDescriptions());
    assertThat(outcomes.lostDescriptions()).as("lost requests").isEmpty();
    assertThat(outcomes.total()).as("outcomes add up to attempts").isEqualTo(outcomes.attempts());
    assertThat(outcomes.count(Outcomes.Kind.NOT_PROCESSED)).as("refused after close").isPositive();
    assertThat(h2).as("HTTP/2 was spoken").anyMatch(H2Worker::sawHttp2);
    assertBackendsSawEachRequestAtMostOnceAndNoneMarkedNotProcessed(notProcessed);
    assertThat(blue.requests()).isNotEmpty();
    assertThat(green.requests()).isNotEmpty();
  }

  private void assertBackendsSawEachRequestAtMostOnceAndNoneMarkedNotProcessed(
      Set<String> notProcessed) {
    Map<String, Integer> seen = new HashMap<>();
    Stream.concat(blue.requests().stream(), green.requests().stream())
        .map(uri -> uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri)
        .filter(path -> path.startsWith("/nl/"))
        .forEach(path -> seen.merge(path, 1, Integer::sum));
    assertThat(seen).as("requests applied twice").allSatisfy((path, n) -> assertThat(n).isOne());
    assertThat(notProcessed)
        .as("requests reported not processed that a backend answered")
        .noneMatch(seen::containsKey);
  }
}
