package dev.sluice.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ir.GatewayIr;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(20)
class AdminServerTest {

  /** A model whose values the test swaps, as the server module does on each reload. */
  static final class SwappableModel implements AdminModel {
    final AtomicReference<Boolean> ready = new AtomicReference<>(false);
    final AtomicReference<Object> statuses = new AtomicReference<>(Map.of());
    final AtomicReference<GatewayIr> snapshot = new AtomicReference<>(GatewayIr.EMPTY);

    @Override
    public boolean ready() {
      return ready.get();
    }

    @Override
    public Object statuses() {
      return statuses.get();
    }

    @Override
    public GatewayIr snapshot() {
      return snapshot.get();
    }
  }

  /** A value whose serialization fails. */
  public static final class Exploding {
    public String getValue() {
      throw new IllegalStateException("cannot compute value");
    }
  }

  private final SwappableModel model = new SwappableModel();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private AdminServer server;

  @BeforeEach
  void start() throws InterruptedException {
    server = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), model);
  }

  @AfterEach
  void stop() {
    client.shutdownNow();
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path);
  }

  @Test
  void healthzIsAlwaysOk() throws Exception {
    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
  }

  @Test
  void readyzFollowsTheModel() throws Exception {
    HttpResponse<String> before = get("/readyz");
    model.ready.set(true);
    HttpResponse<String> after = get("/readyz?verbose");

    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(before.body()).isEqualTo("not ready");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("ready");
  }

  @Test
  void statusIsTheModelsListAsJson() throws Exception {
    model.statuses.set(
        Map.of(
            "apiVersion", "v1",
            "kind", "List",
            "items",
                List.of(
                    Map.of(
                        "kind", "Gateway",
                        "metadata", Map.of("name", "gw", "namespace", "infra"),
                        "status", Map.of("conditions", List.of(Map.of("type", "Accepted")))))));

    HttpResponse<String> response = get("/api/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = IrJson.mapper().readTree(response.body());
    assertThat(body.get("kind").asString()).isEqualTo("List");
    assertThat(body.get("items").get(0).get("metadata").get("name").asString()).isEqualTo("gw");
    assertThat(
            body.get("items").get(0).get("status").get("conditions").get(0).get("type").asString())
        .isEqualTo("Accepted");
  }

  @Test
  void snapshotIsTheCurrentIrWithTypeDiscriminators() throws Exception {
    assertThat(IrJson.fromJson(get("/api/snapshot").body())).isEqualTo(GatewayIr.EMPTY);
    GatewayIr ir = SampleIr.build();
    model.snapshot.set(ir);

    HttpResponse<String> response = get("/api/snapshot");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo(IrJson.toJson(ir));
    assertThat(response.body())
        .contains(
            "\"type\" : \"RequestHeaderModifier\"",
            "\"type\" : \"ResponseHeaderModifier\"",
            "\"type\" : \"RequestRedirect\"",
            "\"type\" : \"UrlRewrite\"",
            "\"type\" : \"RequestMirror\"",
            "\"type\" : \"ReplaceFullPath\"",
            "\"type\" : \"ReplacePrefixMatch\"",
            "\"type\" : \"Service\"",
            "\"type\" : \"Invalid\"",
            "\"port\" : 8443");
    assertThat(IrJson.fromJson(response.body())).isEqualTo(ir);
  }

  @Test
  void unknownPathsListTheEndpoints() throws Exception {
    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .contains("/metrics", "/healthz", "/readyz", "/api/status", "/api/snapshot");
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    HttpResponse<String> response = send("POST", "/api/snapshot");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(send("DELETE", "/healthz").statusCode()).isEqualTo(405);
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    HttpResponse<String> response = send("HEAD", "/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("content-length")).hasValue("2");
    assertThat(get("/healthz").body()).isEqualTo("ok");
  }

  @Test
  void aStatusValueJacksonCannotWriteIsA500() throws Exception {
    model.statuses.set(new Exploding());

    HttpResponse<String> response = get("/api/status");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void stopsListeningWhenClosed() {
    InetSocketAddress address = server.address();
    server.close();
    server.close();

    assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
        .isInstanceOf(ConnectException.class);
  }
}
