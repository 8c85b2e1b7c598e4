package dev.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Timeout(20)
class TlsEchoTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private EchoServer server;

  private EchoServer start(boolean verifyClients) throws InterruptedException {
    EchoOptions options =
        EchoOptions.builder("tls-backend-5d8f-abcde", "gateway-conformance-infra", "tls-backend")
            .tls(TestTls.serverCredentials(verifyClients))
            .tlsPort(0)
            .build();
    server = EchoServer.start(options);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode getOverTls(SSLSocket socket, String request) throws Exception {
    try (var connection = new RawConnection(socket)) {
      connection.send(request);
      RawConnection.Response response = connection.read();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("content-type")).isEqualTo("application/json");
      return JSON.readTree(response.body());
    }
  }

  @Test
  void reportsTheTlsConnectionIncludingSniOverHttp11() throws Exception {
    start(false);
    SSLSocket socket =
        TestTls.connect(
            TestTls.clientContext(false),
            server.tlsAddress().orElseThrow(),
            "abc.example.com",
            "http/1.1");

    JsonNode body =
        getOverTls(socket, "GET /backendtlspolicy HTTP/1.1\r\nHost: abc.example.com\r\n\r\n");

    assertThat(body.get("proto").asString()).isEqualTo("HTTP/1.1");
    assertThat(body.get("path").asString()).isEqualTo("/backendtlspolicy");
    assertThat(body.get("httpPort").asString()).isEqualTo("" + server.address().getPort());
    JsonNode tls = body.get("tls");
    assertThat(tls.get("serverName").asString()).isEqualTo("abc.example.com");
    assertThat(tls.get("version").asString()).isEqualTo("TLSv1.3");
    assertThat(tls.get("negotiatedProtocol").asString()).isEqualTo("http/1.1");
    assertThat(tls.get("cipherSuite").asString()).startsWith("TLS_");
    assertThat(tls.has("peerCertificates")).isFalse();
    assertThat(tls.propertyNames())
        .containsExactly("version", "serverName", "negotiatedProtocol", "cipherSuite");
  }

  @Test
  void negotiatesHttp2ByAlpn() throws Exception {
    start(false);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(TestTls.clientContext(false))
            .build();
    try {
      URI uri =
          URI.create("https://127.0.0.1:" + server.tlsAddress().orElseThrow().getPort() + "/s");
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("proto").asString()).isEqualTo("HTTP/2.0");
      assertThat(body.get("tls").get("negotiatedProtocol").asString()).isEqualTo("h2");
      assertThat(body.get("tls").get("serverName").asString()).isEmpty(); // no SNI for an IP
    } finally {
      client.shutdownNow();
    }
  }

  @Test
  void reportsTheClientCertificateWhenClientsAreVerified() throws Exception {
    start(true);
    SSLSocket socket =
        TestTls.connect(
            TestTls.clientContext(true), server.tlsAddress().orElseThrow(), "other.example.com");

    JsonNode body = getOverTls(socket, "GET / HTTP/1.1\r\nHost: other.example.com\r\n\r\n");

    JsonNode tls = body.get("tls");
    assertThat(tls.get("serverName").asString()).isEqualTo("other.example.com");
    assertThat(tls.get("peerCertificates")).hasSize(1);
    assertThat(tls.get("peerCertificates").get(0).asString())
        .isEqualTo(TestTls.CLIENT.certificatePem());
    assertThat(tls.has("negotiatedProtocol")).isFalse(); // no ALPN offered
  }

  @Test
  void servesClientsWithoutACertificateEvenWhenVerifying() throws Exception {
    start(true);
    SSLSocket socket =
        TestTls.connect(
            TestTls.clientContext(false), server.tlsAddress().orElseThrow(), "abc.example.com");

    JsonNode body = getOverTls(socket, "GET / HTTP/1.1\r\nHost: abc.example.com\r\n\r\n");

    assertThat(body.get("tls").has("peerCertificates")).isFalse();
  }

  @Test
  void upgradesToWebSocketOverTls() throws Exception {
    start(false);
    SSLSocket socket =
        TestTls.connect(
            TestTls.clientContext(false),
            server.tlsAddress().orElseThrow(),
            "abc.example.com",
            "http/1.1");
    try (var connection = new RawConnection(socket)) {
      connection.send(
          "GET /ws HTTP/1.1\r\nHost: abc.example.com\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n");
      RawConnection.Response response = connection.read(true);

      assertThat(response.status()).isEqualTo(101);
      assertThat(response.header("sec-websocket-accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
  }

  @Test
  void refusesUnusableCredentialsBeforeBinding() {
    EchoOptions options =
        EchoOptions.builder("p", "n", "s")
            .tls(
                new TlsCredentials(
                    TestTls.SERVER.chainPem(),
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
            .tlsPort(0)
            .build();

    assertThatThrownBy(() -> EchoServer.start(options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls:");
  }

  @Test
  void optionsNeedCredentialsForTlsPorts() {
    assertThatThrownBy(() -> EchoOptions.builder("p", "n", "s").tlsPort(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls");
    assertThatThrownBy(() -> EchoOptions.builder("p", "n", "s").udpPort(70000).build())
        .hasMessageContaining("udpPort: 70000");
    assertThat(TestTls.serverCredentials(false).toString()).doesNotContain("PRIVATE KEY");
  }
}
