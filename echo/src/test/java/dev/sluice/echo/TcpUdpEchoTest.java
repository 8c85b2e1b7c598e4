package dev.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Timeout(20)
class TcpUdpEchoTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private EchoServer server;

  @BeforeEach
  void start() throws InterruptedException {
    EchoOptions options =
        EchoOptions.builder("tcp-backend-7c9d-q8r2t", "gateway-conformance-infra", "tcp-backend")
            .tls(TestTls.serverCredentials(false))
            .tcpPort(0)
            .tcpTlsPort(0)
            .udpPort(0)
            .build();
    server = EchoServer.start(options);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String exchange(BufferedReader in, OutputStream out, String line)
      throws Exception {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return in.readLine();
  }

  @Test
  void speaksTheTcpEchoProtocol() throws Exception {
    InetSocketAddress address = server.tcpAddress().orElseThrow();
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(5_000);
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();

      assertThat(in.readLine()).isEqualTo("Gateway API Test TCP Server");
      assertThat(exchange(in, out, "PING")).isEqualTo("PONG");
      out.write("UNKNOWN\r\n".getBytes(StandardCharsets.UTF_8)); // ignored, no answer
      assertThat(exchange(in, out, "IS_TLS\r")).isEqualTo("false");
      JsonNode test = JSON.readTree(exchange(in, out, "TEST"));

      assertThat(test.get("namespace").asString()).isEqualTo("gateway-conformance-infra");
      assertThat(test.get("pod").asString()).isEqualTo("tcp-backend-7c9d-q8r2t");
      assertThat(test.get("service").asString()).isEqualTo("tcp-backend");
      assertThat(test.get("tcpport").asString()).isEqualTo("" + address.getPort());
      assertThat(test.get("tlsport").asString())
          .isEqualTo("" + server.tcpTlsAddress().orElseThrow().getPort());
      assertThat(test.get("isTLS").asBoolean()).isFalse();
      assertThat(test.has("tls")).isFalse();
    }
  }

  @Test
  void speaksTheTcpEchoProtocolInsideTls() throws Exception {
    var socket =
        TestTls.connect(
            TestTls.clientContext(false),
            server.tcpTlsAddress().orElseThrow(),
            "abc.example.com",
            "h2");
    try (socket) {
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();

      assertThat(in.readLine()).isEqualTo("Gateway API Test TCP Server");
      assertThat(exchange(in, out, "IS_TLS")).isEqualTo("true");
      JsonNode test = JSON.readTree(exchange(in, out, "TEST"));

      assertThat(test.get("isTLS").asBoolean()).isTrue();
      JsonNode tls = test.get("tls");
      assertThat(tls.get("serverName").asString()).isEqualTo("abc.example.com");
      assertThat(tls.get("version").asString()).isEqualTo("TLS 1.3");
      assertThat(tls.get("cipherSuite").asString()).startsWith("TLS_");
      assertThat(tls.has("negotiatedProtocol")).isFalse(); // the ALPN offer is ignored
      assertThat(socket.getApplicationProtocol()).isEmpty();
    }
  }

  @Test
  void echoesDatagrams() throws Exception {
    InetSocketAddress address = server.udpAddress().orElseThrow();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(2_000);
      byte[] payload = {1, 2, 3, 0, (byte) 0xFF, 'x'};
      byte[] buffer = new byte[64];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      // UDP may drop a datagram even on loopback; a few attempts keep the test stable.
      boolean received = false;
      for (int attempt = 0; attempt < 3 && !received; attempt++) {
        socket.send(new DatagramPacket(payload, payload.length, address));
        try {
          socket.receive(reply);
          received = true;
        } catch (java.net.SocketTimeoutException e) {
          // try again
        }
      }

      assertThat(received).isTrue();
      assertThat(Arrays.copyOf(reply.getData(), reply.getLength())).isEqualTo(payload);
      assertThat(reply.getPort()).isEqualTo(address.getPort());
    }
  }
}
