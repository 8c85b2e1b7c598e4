package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config edits are applied live, under traffic, without a failed request; broken edits change
 * nothing.
 */
class LiveReloadTest {

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
  void routeChangeUnderTrafficLosesNoRequest() throws Exception {
    assertThat(EchoJson.service(gateway.get(port, "app.example", "/x").body())).isEqualTo("blue");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> services = new ConcurrentLinkedQueue<>();
    Thread traffic =
        Thread.ofPlatform()
            .start(
                () -> {
                  long deadline = System.nanoTime() + 30_000_000_000L;
                  while (running.get() && System.nanoTime() < deadline) {
                    try {
                      HttpResponse<String> response = gateway.get(port, "app.example", "/x");
                      if (response.statusCode() == 200) {
                        ok.incrementAndGet();
                        services.add(EchoJson.service(response.body()));
                      } else {
                        failures.add(response.statusCode() + " " + response.body());
                      }
                    } catch (RuntimeException e) {
                      failures.add(e.toString());
                    }
                  }
                });
    Await.until("traffic flowing", () -> ok.get() > 20);
    gateway.write("route.yaml", Yaml.route("app", "gw", "/", "green"));
    Await.until("traffic moved to green", () -> services.contains("green"));
    int seen = ok.get();
    Await.until("more traffic after the change", () -> ok.get() > seen + 20);
    running.set(false);
    traffic.join();

    assertThat(failures).isEmpty();
  }

  @Test
  void brokenEditKeepsLastGoodConfigServingAndIsReported() {
    gateway.write(
        "route.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n  bad: [");

    HttpResponse<String> stillServing = gateway.get(port, "app.example", "/x");
    assertThat(stillServing.statusCode()).isEqualTo(200);
    assertThat(EchoJson.service(stillServing.body())).isEqualTo("blue");
    String status = gateway.send(TestHttp.get(gateway.admin().resolve("/api/status"))).body();
    assertThat(status).contains("route.yaml").contains("last good config");

    gateway.write("route.yaml", Yaml.route("app", "gw", "/", "green"));
    assertThat(EchoJson.service(gateway.get(port, "app.example", "/x").body())).isEqualTo("green");
  }

  @Test
  void deletingARouteStopsRoutingButKeepsTheListener() {
    gateway.delete("route.yaml");

    HttpResponse<String> response = gateway.get(port, "app.example", "/x");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(gateway.server().currentIr().listeners()).hasSize(1);
    assertThat(List.of(response.body())).allMatch(body -> !body.isBlank());
  }
}
