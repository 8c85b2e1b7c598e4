package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.QuickstartDemo;
import dev.sluice.server.ServerOptions;
import dev.sluice.server.SluiceServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded default: every curl line that `sluice run` prints works as it says. */
class QuickstartTest {

  private static QuickstartDemo demo;
  private static SluiceServer server;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    demo = QuickstartDemo.start();
    server =
        SluiceServer.start(
            ServerOptions.of(List.of(demo.configDir()))
                .withAdmin(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
                .withWatch(false));
  }

  @AfterAll
  static void stop() {
    server.close();
    demo.close();
  }

  @Test
  void theBundledConfigIsTheExampleFolder() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "examples", "quickstart"))) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(QuickstartDemo.FILES);
    }
  }

  @Test
  void defaultRouteReachesEchoV1() throws Exception {
    HttpResponse<String> response = get("/hello", "x-none", "1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(EchoJson.service(response.body())).isEqualTo("echo-v1");
    assertThat(EchoJson.path(response.body())).isEqualTo("/hello");
  }

  @Test
  void canaryHeaderReachesEchoV2() throws Exception {
    assertThat(EchoJson.service(get("/hello", "x-canary", "true").body())).isEqualTo("echo-v2");
  }

  @Test
  void apiPrefixIsRewrittenAndGetsAHeader() throws Exception {
    String body = get("/api/users", "x-none", "1").body();

    assertThat(EchoJson.path(body)).isEqualTo("/users");
    assertThat(EchoJson.header(body, "X-Gateway")).isEqualTo("sluice");
  }

  @Test
  void oldRedirectsToNew() throws Exception {
    HttpResponse<String> response = get("/old", "x-none", "1");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("location")).hasValue("http://127.0.0.1:8080/new");
  }

  @Test
  void splitSendsSomeTrafficToEachBackend() throws Exception {
    int v2 = 0;
    for (int i = 0; i < 200; i++) {
      if (EchoJson.service(get("/split", "x-none", "1").body()).equals("echo-v2")) {
        v2++;
      }
    }
    // 20% of 200 is 40; binomial sd is ~5.7, so 15..70 fails only on a broken split.
    assertThat(v2).isBetween(15, 70);
  }

  @Test
  void adminStatusShowsTheDemoObjects() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.adminAddress().orElseThrow().getPort());
    String body =
        client
            .send(TestHttp.get(uri.resolve("/api/status")), HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(body).contains("\"demo\"", "HTTPRoute", "GatewayClass");
  }

  private static HttpResponse<String> get(String path, String header, String value)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(QuickstartDemo.GATEWAY_URL + path))
            .header(header, value)
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
