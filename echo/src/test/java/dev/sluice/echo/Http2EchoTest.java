package dev.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Timeout(20)
class Http2EchoTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<String> echoed = new CopyOnWriteArrayList<>();
  private EchoServer server;

  @BeforeEach
  void start() throws InterruptedException {
    EchoOptions options = EchoOptions.builder("pod-a-1-2", "infra", "svc").h2cPort(0).build();
    server = EchoServer.start(options, (uri, client) -> echoed.add(uri));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Http2Headers get(String path, String authority) {
    return new DefaultHttp2Headers().method("GET").scheme("http").path(path).authority(authority);
  }

  @Test
  void answersPriorKnowledgeHttp2OnTheHttpPort() throws Exception {
    try (var client = new PriorKnowledgeClient(server.address())) {
      Http2Headers request = get("/h2?x=1", "example.org:8080").add("x-custom", "a", "b");
      PriorKnowledgeClient.Response response = client.send(request, new byte[0]);

      assertThat(response.status()).isEqualTo("200");
      assertThat(response.headers().get(0).get("content-type")).hasToString("application/json");
      JsonNode body = JSON.readTree(response.text());
      assertThat(body.get("proto").asString()).isEqualTo("HTTP/2.0");
      assertThat(body.get("path").asString()).isEqualTo("/h2?x=1");
      assertThat(body.get("host").asString()).isEqualTo("example.org:8080");
      assertThat(body.get("method").asString()).isEqualTo("GET");
      assertThat(body.get("pod").asString()).isEqualTo("pod-a-1-2");
      assertThat(body.get("headers").get("X-Custom").toString()).isEqualTo("[\"a\",\"b\"]");
      assertThat(body.get("headers").propertyNames()).containsExactly("X-Custom");
      assertThat(body.get("httpPort").asString()).isEqualTo("" + server.address().getPort());
      assertThat(body.has("tls")).isFalse();
      assertThat(echoed).containsExactly("/h2?x=1");
    }
  }

  @Test
  void servesManyStreamsOnOneConnectionIncludingBodiesAndStatusRoutes() throws Exception {
    try (var client = new PriorKnowledgeClient(server.address())) {
      Http2Headers post = get("/upload", "h").method("POST");
      byte[] payload = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      assertThat(client.send(post, payload).status()).isEqualTo("200");
      assertThat(client.send(get("/status/418", "h"), new byte[0]).status()).isEqualTo("418");
      assertThat(client.send(get("/health", "h"), new byte[0]).text()).isEqualTo("OK");
      var delayed = client.send(get("/d?delay=10ms", "h"), new byte[0]);
      assertThat(JSON.readTree(delayed.text()).get("proto").asString()).isEqualTo("HTTP/2.0");
    }
  }

  @Test
  void upgradesFromHttp11WithUpgradeH2c() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/up?q=1");
      HttpRequest request =
          HttpRequest.newBuilder(uri).header("x-up", "1").timeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
      JsonNode body = JSON.readTree(first.body());
      assertThat(body.get("proto").asString()).isEqualTo("HTTP/2.0");
      assertThat(body.get("path").asString()).isEqualTo("/up?q=1");
      assertThat(body.get("host").asString()).isEqualTo("127.0.0.1:" + server.address().getPort());
      assertThat(body.get("headers").get("X-Up").get(0).asString()).isEqualTo("1");
      assertThat(body.get("headers").has("Upgrade")).isFalse();
      assertThat(body.get("headers").has("Http2-Settings")).isFalse();
      assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(JSON.readTree(second.body()).get("proto").asString()).isEqualTo("HTTP/2.0");
    } finally {
      client.shutdownNow();
    }
  }

  @Test
  void theStrictH2cPortRefusesPlainHttp11ButServesHttp2() throws Exception {
    InetSocketAddress h2c = server.h2cAddress().orElseThrow();
    try (var connection = new RawConnection(h2c)) {
      connection.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
      RawConnection.Response response = connection.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo("Expected h2c request");
    }
    try (var client = new PriorKnowledgeClient(h2c)) {
      var response = client.send(get("/", "h"), new byte[0]);
      assertThat(response.status()).isEqualTo("200");
      JsonNode body = JSON.readTree(response.text());
      assertThat(body.get("httpPort").asString()).isEqualTo("" + server.address().getPort());
    }
    assertThat(server.tlsAddress()).isEmpty();
    assertThat(server.tcpAddress()).isEmpty();
    assertThat(server.udpAddress()).isEmpty();
  }
}
