package dev.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
class EchoServerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final List<String> echoed = new CopyOnWriteArrayList<>();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private EchoServer server;

  @BeforeEach
  void start() throws InterruptedException {
    var options = EchoOptions.loopback("infra-backend-v1-7d9f8c6b5-x2k4q", "infra", "backend-v1");
    server = EchoServer.start(options, (uri, clientAddress) -> echoed.add(uri));
  }

  @AfterEach
  void stop() {
    client.shutdownNow();
    server.close();
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
  }

  private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    var builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(5));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void echoesTheRequestInTheConformanceContract() throws Exception {
    HttpResponse<String> response =
        get("/some/path?b=2&a=%20x", "x-forwarded-for", "10.0.0.1", "X-MULTI", "one");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("content-type")).containsExactly("application/json");
    assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("path").asString()).isEqualTo("/some/path?b=2&a=%20x");
    assertThat(body.get("host").asString()).isEqualTo("127.0.0.1:" + server.address().getPort());
    assertThat(body.get("method").asString()).isEqualTo("GET");
    assertThat(body.get("proto").asString()).isEqualTo("HTTP/1.1");
    assertThat(body.get("namespace").asString()).isEqualTo("infra");
    assertThat(body.get("pod").asString()).isEqualTo("infra-backend-v1-7d9f8c6b5-x2k4q");
    assertThat(body.get("service").asString()).isEqualTo("backend-v1");
    assertThat(body.get("ingress").asString()).isEmpty();
    assertThat(body.get("httpPort").asString()).isEqualTo("" + server.address().getPort());
    assertThat(body.has("tls")).isFalse();
    JsonNode headers = body.get("headers");
    assertThat(headers.get("X-Forwarded-For").get(0).asString()).isEqualTo("10.0.0.1");
    assertThat(headers.get("X-Multi").get(0).asString()).isEqualTo("one");
    assertThat(headers.has("User-Agent")).isTrue();
    assertThat(headers.has("Host")).isFalse();
    assertThat(echoed).containsExactly("/some/path?b=2&a=%20x");
  }

  @Test
  void repeatedHeadersAndTheVerbatimHostAreReported() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send(
          "GET /x HTTP/1.1\r\nHost: Foo.Example.com:8080\r\nx-a: 1\r\nX-A: 2\r\n"
              + "some_header: v\r\n\r\n");
      RawConnection.Response response = connection.read();

      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("host").asString()).isEqualTo("Foo.Example.com:8080");
      assertThat(body.get("headers").get("X-A").toString()).isEqualTo("[\"1\",\"2\"]");
      assertThat(body.get("headers").get("Some_header").get(0).asString()).isEqualTo("v");
      assertThat(body.get("headers").propertyNames()).containsExactly("Some_header", "X-A");
    }
  }

  @Test
  void setsTheResponseHeadersTheRequestAsksFor() throws Exception {
    HttpResponse<String> response =
        get("/", "X-Echo-Set-Header", "X-Foo:one, x-bar: two ,X-Foo:three,:ignored,bad name:x");

    assertThat(response.headers().allValues("x-foo")).containsExactly("one,three");
    assertThat(response.headers().allValues("x-bar")).containsExactly("two");
    assertThat(response.headers().map()).doesNotContainKey("bad name");
  }

  @Test
  void keepsTheCaseOfSetHeaderNames() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send("GET / HTTP/1.1\r\nHost: h\r\nX-Echo-Set-Header: x-MiXed:v\r\n\r\n");
      RawConnection.Response response = connection.read();

      assertThat(response.headers()).containsEntry("x-MiXed", "v");
    }
  }

  @Test
  void answersHealthAndStatusPaths() throws Exception {
    assertThat(get("/health").body()).isEqualTo("OK");
    assertThat(get("/status/503").statusCode()).isEqualTo(503);
    assertThat(get("//status/418").statusCode()).isEqualTo(418);
    assertThat(get("/status/nope").statusCode()).isEqualTo(400);
    assertThat(echoed).isEmpty();
  }

  @Test
  void readsAndDiscardsRequestBodies() throws Exception {
    String big = "x".repeat(300_000);
    var request =
        HttpRequest.newBuilder(uri("/upload"))
            .POST(HttpRequest.BodyPublishers.ofString(big))
            .timeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("method").asString()).isEqualTo("POST");
    assertThat(body.get("headers").get("Content-Length").get(0).asString()).isEqualTo("300000");
  }

  @Test
  void answersPipelinedRequestsInOrderEvenWhenTheFirstIsDelayed() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send(
          "GET /first?delay=200ms HTTP/1.1\r\nHost: h\r\n\r\n"
              + "POST /second HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "3\r\nabc\r\n0\r\n\r\n"
              + "GET /third HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

      RawConnection.Response first = connection.read();
      RawConnection.Response second = connection.read();
      RawConnection.Response third = connection.read();

      assertThat(JSON.readTree(first.body()).get("path").asString())
          .isEqualTo("/first?delay=200ms");
      JsonNode secondBody = JSON.readTree(second.body());
      assertThat(secondBody.get("path").asString()).isEqualTo("/second");
      assertThat(secondBody.get("headers").has("Transfer-Encoding")).isFalse();
      assertThat(JSON.readTree(third.body()).get("path").asString()).isEqualTo("/third");
      assertThat(third.header("connection")).isEqualTo("close");
      assertThat(connection.readByte()).isEqualTo(-1);
    }
  }

  @Test
  void delaysTheAnswerByTheDelayParameter() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = get("/d?delay=300ms");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void reportsABadDelayAsAJsonError() throws Exception {
    HttpResponse<String> response = get("/d?delay=soon");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).get("message").asString()).contains("soon");
  }

  @Test
  void headAnswersCarryNoBodyAndKeepTheConnectionUsable() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /g HTTP/1.1\r\nHost: h\r\n\r\n");

      RawConnection.Response head = connection.read(true);
      RawConnection.Response get = connection.read();

      assertThat(head.status()).isEqualTo(200);
      assertThat(Integer.parseInt(head.header("content-length"))).isPositive();
      assertThat(JSON.readTree(get.body()).get("path").asString()).isEqualTo("/g");
    }
  }

  @Test
  void rejectsHttp11WithoutHost() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send("GET / HTTP/1.1\r\n\r\n");

      assertThat(connection.read().status()).isEqualTo(400);
      assertThat(connection.readByte()).isEqualTo(-1);
    }
  }

  @Test
  void acceptsHttp10WithoutHostAndKeepAlive() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      RawConnection.Response first = connection.read();
      connection.send("GET /old2 HTTP/1.0\r\n\r\n");
      RawConnection.Response second = connection.read();

      JsonNode body = JSON.readTree(first.body());
      assertThat(body.get("proto").asString()).isEqualTo("HTTP/1.0");
      assertThat(body.get("host").asString()).isEmpty();
      assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
      assertThat(JSON.readTree(second.body()).get("path").asString()).isEqualTo("/old2");
      assertThat(connection.readByte()).isEqualTo(-1);
    }
  }

  @Test
  void continuesWhenTheClientExpectsIt() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send(
          "PUT /c HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      assertThat(connection.read(true).status()).isEqualTo(100);
      connection.send("data");

      assertThat(JSON.readTree(connection.read().body()).get("method").asString()).isEqualTo("PUT");
    }
  }

  @Test
  void retriesFailWithTheCodeUntilEnoughAttemptsFailed() throws Exception {
    String path = "/retry/x?responseCode=503&succeedAfter=2&uuid=u-1";

    assertThat(get(path).statusCode()).isEqualTo(503);
    assertThat(get(path).statusCode()).isEqualTo(503);
    HttpResponse<String> third = get(path);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(third.body()).get("path").asString()).isEqualTo(path);
    assertThat(get("/retry/x?succeedAfter=2").statusCode()).isEqualTo(400);
    assertThat(get("/retry/x?uuid=a&succeedAfter=two").statusCode()).isEqualTo(400);
  }

  @Test
  void retriesWithoutACodeResetTheConnection() throws Exception {
    String request = "GET /retry/r?succeedAfter=1&uuid=u-2 HTTP/1.1\r\nHost: h\r\n\r\n";
    try (var connection = new RawConnection(server.address())) {
      connection.send(request);
      assertThatThrownBy(connection::read)
          .isInstanceOf(java.net.SocketException.class)
          .hasMessageContaining("reset");
    }
    try (var connection = new RawConnection(server.address())) {
      connection.send(request);
      assertThat(connection.read().status()).isEqualTo(200);
    }
  }

  @Test
  void echoesWebSocketMessages() throws Exception {
    var received = new java.util.concurrent.CompletableFuture<String>();
    var listener =
        new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(
              java.net.http.WebSocket socket, CharSequence data, boolean last) {
            received.complete(data.toString());
            return null;
          }
        };
    var ws =
        client
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.address().getPort() + "/ws"), listener)
            .get(5, java.util.concurrent.TimeUnit.SECONDS);

    ws.sendText("hello, echo", true);

    assertThat(received.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("hello, echo");
    ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "bye")
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void stopsListeningWhenClosed() {
    var address = server.address();
    server.close();

    assertThatThrownBy(() -> new RawConnection(address).close())
        .isInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void anEmptySetHeaderDirectiveSetsNothing() throws Exception {
    HttpResponse<String> response = get("/", "X-Echo-Set-Header", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().map().keySet())
        .containsExactlyInAnyOrder("content-length", "content-type", "x-content-type-options");
  }

  @Test
  void reportsAnAbsoluteFormTargetAsGoDoes() throws Exception {
    try (var connection = new RawConnection(server.address())) {
      connection.send("GET http://other.example:81/abs?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");

      JsonNode body = JSON.readTree(connection.read().body());
      assertThat(body.get("path").asString()).isEqualTo("http://other.example:81/abs?x=1");
      assertThat(body.get("host").asString()).isEqualTo("other.example:81");
    }
  }

  @Test
  void servesConcurrentClients() throws Exception {
    var responses =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(
                i ->
                    client.sendAsync(
                        HttpRequest.newBuilder(uri("/c/" + i + "?delay=20ms")).build(),
                        HttpResponse.BodyHandlers.ofString()))
            .toList();

    for (int i = 0; i < responses.size(); i++) {
      HttpResponse<String> response =
          responses.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(JSON.readTree(response.body()).get("path").asString())
          .isEqualTo("/c/" + i + "?delay=20ms");
    }
    assertThat(echoed).hasSize(20);
  }
}
