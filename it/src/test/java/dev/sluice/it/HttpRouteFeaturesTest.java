package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPRoute features end to end: YAML in, real requests through Sluice to real echo backends. */
class HttpRouteFeaturesTest {

  private static EchoBackend main;
  private static EchoBackend shadow;
  private static TestGateway gateway;
  private static int port;

  private static final String ROUTES =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: features
        namespace: default
      spec:
        parentRefs:
          - name: gw
        hostnames: ["features.example", "*.wild.example"]
        rules:
          - matches:
              - path: {type: Exact, value: /exact}
            backendRefs: [{name: main, port: 8080}]
          - matches:
              - path: {type: PathPrefix, value: /headers}
            filters:
              - type: RequestHeaderModifier
                requestHeaderModifier:
                  set: [{name: X-Set, value: set-value}]
                  add: [{name: X-Added, value: added}]
                  remove: [X-Remove-Me]
              - type: ResponseHeaderModifier
                responseHeaderModifier:
                  add: [{name: X-Response, value: from-gateway}]
            backendRefs: [{name: main, port: 8080}]
          - matches:
              - path: {type: PathPrefix, value: /mirror}
            filters:
              - type: RequestMirror
                requestMirror:
                  backendRef: {name: shadow, port: 8080}
            backendRefs: [{name: main, port: 8080}]
          - matches:
              - path: {type: PathPrefix, value: /missing}
            backendRefs: [{name: does-not-exist, port: 8080}]
          - matches:
              - path: {type: PathPrefix, value: /down}
            backendRefs: [{name: down, port: 8080}]
          - matches:
              - path: {type: PathPrefix, value: /redirect}
            filters:
              - type: RequestRedirect
                requestRedirect:
                  scheme: https
                  hostname: secure.example
                  statusCode: 308
          - matches:
              - path: {type: RegularExpression, value: "/items/[0-9]+"}
                queryParams: [{name: view, value: full}]
                method: GET
            backendRefs: [{name: main, port: 8080}]
      """;

  /** A Service whose only endpoint is a closed port: connections are refused. */
  private static String downService(int closedPort) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: down, namespace: default}
        spec:
          ports: [{name: http, port: 8080}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: down
          namespace: default
          labels: {kubernetes.io/service-name: down}
        addressType: IPv4
        ports: [{name: http, port: %d}]
        endpoints: [{addresses: ["127.0.0.1"]}]
        """
        .formatted(closedPort);
  }

  @BeforeAll
  static void start() throws Exception {
    main = EchoBackend.start("main");
    shadow = EchoBackend.start("shadow");
    port = FreePorts.next();
    gateway =
        TestGateway.start(
            "gateway.yaml",
            Yaml.docs(Yaml.GATEWAY_CLASS, Yaml.gateway("gw", port)),
            "backends.yaml",
            Yaml.docs(main.yaml(), shadow.yaml(), downService(FreePorts.next())),
            "routes.yaml",
            ROUTES);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    main.close();
    shadow.close();
  }

  @Test
  void exactPathAndHostnamesRoute() {
    assertThat(gateway.get(port, "features.example", "/exact").statusCode()).isEqualTo(200);
    assertThat(gateway.get(port, "a.wild.example", "/exact").statusCode()).isEqualTo(200);
    assertThat(gateway.get(port, "features.example", "/exact/more").statusCode()).isEqualTo(404);
    assertThat(gateway.get(port, "other.example", "/exact").statusCode()).isEqualTo(404);
  }

  @Test
  void hostWithPortIsPassedThroughUnchangedAndForwardedHeadersAreSet() {
    String body = gateway.get(port, "features.example:" + port, "/exact").body();

    assertThat(EchoJson.parse(body).path("host").asString()).isEqualTo("features.example:" + port);
    assertThat(EchoJson.header(body, "X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(EchoJson.header(body, "X-Forwarded-Proto")).isEqualTo("http");
  }

  @Test
  void headerModifiersEditRequestAndResponse() {
    HttpResponse<String> response =
        gateway.send(
            request("/headers")
                .header("X-Set", "original")
                .header("X-Added", "original")
                .header("X-Remove-Me", "gone")
                .build());

    assertThat(EchoJson.header(response.body(), "X-Set")).isEqualTo("set-value");
    assertThat(EchoJson.parse(response.body()).path("headers").path("X-Added").size()).isEqualTo(2);
    assertThat(EchoJson.header(response.body(), "X-Remove-Me")).isEmpty();
    assertThat(response.headers().firstValue("X-Response")).hasValue("from-gateway");
  }

  @Test
  void mirrorSendsACopyToTheShadowBackend() {
    HttpResponse<String> response =
        gateway.send(
            request("/mirror/1")
                .POST(HttpRequest.BodyPublishers.ofString("mirrored body"))
                .build());

    assertThat(EchoJson.service(response.body())).isEqualTo("main");
    Await.until("the shadow backend got the copy", () -> shadow.requests().contains("/mirror/1"));
  }

  @Test
  void invalidBackendAnswers500UnreachableAnswers503() {
    HttpResponse<String> missing = gateway.get(port, "features.example", "/missing");
    HttpResponse<String> down = gateway.get(port, "features.example", "/down");

    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(missing.body()).isNotBlank();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isNotBlank();
  }

  @Test
  void noRouteAnswers404WithAReason() {
    HttpResponse<String> response = gateway.get(port, "nothing.example", "/");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).isNotBlank();
  }

  @Test
  void redirectChangesSchemeHostAndStatus() {
    HttpResponse<String> response = gateway.get(port, "features.example", "/redirect/x?q=1");

    assertThat(response.statusCode()).isEqualTo(308);
    assertThat(response.headers().firstValue("location"))
        .hasValue("https://secure.example/redirect/x?q=1");
  }

  @Test
  void regexPathQueryAndMethodMatch() {
    assertThat(gateway.get(port, "features.example", "/items/42?view=full").statusCode())
        .isEqualTo(200);
    assertThat(gateway.get(port, "features.example", "/items/42?view=short").statusCode())
        .isEqualTo(404);
    assertThat(gateway.get(port, "features.example", "/items/abc?view=full").statusCode())
        .isEqualTo(404);
    HttpResponse<String> post =
        gateway.send(
            request("/items/42?view=full").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(post.statusCode()).isEqualTo(404);
  }

  @Test
  void aRouteChangeIsServedWithoutRestart() {
    gateway.write(
        "extra.yaml",
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: extra, namespace: default}
        spec:
          parentRefs: [{name: gw}]
          hostnames: ["extra.example"]
          rules:
            - backendRefs: [{name: shadow, port: 8080}]
        """);

    Await.untilAsserted(
        "extra route served",
        () -> {
          assertThat(EchoJson.service(gateway.get(port, "extra.example", "/").body()))
              .isEqualTo("shadow");
          return true;
        });
    gateway.delete("extra.yaml");
    assertThat(gateway.get(port, "extra.example", "/").statusCode()).isEqualTo(404);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Host", "features.example")
        .timeout(Duration.ofSeconds(10));
  }
}
