package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * L4 of reliability-security.md §4: 50 reloads alternating config A and B while keep-alive clients
 * send requests. Each config stamps its version on the request (seen by the backend) and on the
 * response; a response must carry one version on both sides, never a mix of A and B, and no request
 * may fail: no connection error, no 5xx.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadUnderLoadTest {

  private static final int RELOADS = 50;
  private static final int CLIENTS = 3;
  private static final Duration PACE = Duration.ofMillis(100);

  private EchoBackend echo;
  private TestGateway gateway;
  private int port;

  @BeforeEach
  void start() throws Exception {
    echo = EchoBackend.start("echo");
    port = FreePorts.next();
    gateway =
        TestGateway.start(
            "gateway.yaml",
            Yaml.docs(Yaml.GATEWAY_CLASS, Yaml.gateway("gw", port)),
            "backends.yaml",
            echo.yaml(),
            "route.yaml",
            versioned("A"));
  }

  @AfterEach
  void stop() {
    gateway.close();
    echo.close();
  }

  @Test
  void l4_fiftyReloadsUnderLoadServeEitherAOrBAndNeverFail() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(
          Thread.ofPlatform()
              .name("load-" + c)
              .start(() -> load(running, served, versions, failures)));
    }
    Await.until("traffic flowing", () -> served.get() > 50 || !failures.isEmpty());

    for (int i = 1; i <= RELOADS; i++) {
      gateway.write("route.yaml", versioned(i % 2 == 0 ? "A" : "B"));
      int before = served.get();
      // The reload cadence is the one paced wait; progress is a condition.
      Thread.sleep(PACE);
      Await.until("requests served after reload " + i, () -> served.get() > before);
    }
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }

    assertThat(failures).as("failed or mixed responses").isEmpty();
    assertThat(versions.keySet()).containsExactlyInAnyOrder("A", "B");
    assertThat(served.get()).isGreaterThan(RELOADS * CLIENTS);
    assertThat(gateway.server().configGeneration()).isGreaterThan(RELOADS);
  }

  /** Sends requests on one keep-alive client until stopped, classifying every outcome. */
  private void load(
      AtomicBoolean running,
      AtomicInteger served,
      Map<String, AtomicInteger> versions,
      ConcurrentLinkedQueue<String> failures) {
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      int n = 0;
      while (running.get() && System.nanoTime() < deadline && failures.size() < 20) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v/" + n++))
                .header("Host", "app.example")
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
          HttpResponse<String> response =
              client.send(request, HttpResponse.BodyHandlers.ofString());
          String mismatch = check(response);
          if (mismatch.isEmpty()) {
            String version = response.headers().firstValue("x-config-version").orElseThrow();
            versions.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
            served.incrementAndGet();
          } else {
            failures.add(mismatch);
          }
        } catch (Exception e) {
          failures.add(request.uri().getPath() + ": " + e);
        }
      }
    }
  }

  /** Empty when the response is a 200 stamped by one version on both sides. */
  private static String check(HttpResponse<String> response) {
    String path = response.request().uri().getPath();
    if (response.statusCode() != 200) {
      return path + ": status " + response.statusCode() + " " + response.body();
    }
    String onResponse = response.headers().firstValue("x-config-version").orElse("none");
    String onRequest = EchoJson.header(response.body(), "x-config-version");
    if (!onResponse.equals(onRequest) || !(onResponse.equals("A") || onResponse.equals("B"))) {
      return path + ": request saw '" + onRequest + "', response says '" + onResponse + "'";
    }
    return "";
  }

  /** Route {@code app} to the echo backend, stamping {@code version} both ways. */
  private static String versioned(String version) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: app, namespace: default}
        spec:
          parentRefs: [{name: gw}]
          rules:
            - filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier:
                    set: [{name: x-config-version, value: "%1$s"}]
                - type: ResponseHeaderModifier
                  responseHeaderModifier:
                    set: [{name: x-config-version, value: "%1$s"}]
              backendRefs: [{name: echo, port: 8080}]
        """
        .formatted(version);
  }
}
