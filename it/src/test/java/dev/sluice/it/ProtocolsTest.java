package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.testing.EchoBackend;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every protocol through one Gateway, driven by the clients people really use: curl (HTTP/2 over
 * TLS, prior knowledge, h2c upgrade), openssl s_client (SNI, ALPN, passthrough), h2load, grpc-java,
 * the JDK WebSocket client, and raw TCP and UDP sockets.
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolsTest {

  private static final String GRPC_SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

  private static CertificateAuthority ca;
  private static Path caFile;
  private static EchoBackend echo;
  private static TestGateway gateway;
  private static int http;
  private static int tls;
  private static int tcp;
  private static int udp;

  @BeforeAll
  static void start() throws Exception {
    ca = CertificateAuthority.create("sluice protocols test CA");
    caFile = Files.createTempFile("sluice-ca-", ".pem");
    Files.writeString(caFile, ca.rootCertificatePem());
    echo = EchoBackend.startAllProtocols("echo", ca.issueServer("pass.test"));
    http = FreePorts.next();
    tls = FreePorts.next();
    tcp = FreePorts.next();
    udp = FreePorts.next();
    gateway =
        TestGateway.start(
            "gateway.yaml",
            Yaml.docs(
                Yaml.GATEWAY_CLASS,
                gatewayYaml(),
                secret("gateway-cert", ca.issueServer("*.example.com")),
                secret("term-cert", ca.issueServer("term.test")),
                caConfigMap()),
            "routes.yaml",
            routesYaml(),
            "backends.yaml",
            echo.yaml());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    echo.close();
    Files.deleteIfExists(caFile);
  }

  @Test
  void curlSpeaksHttp2OverTls() {
    Tools.Result result =
        Tools.run(
            "curl",
            "-sS",
            "--http2",
            "--cacert",
            caFile.toString(),
            "--resolve",
            "a.example.com:" + tls + ":127.0.0.1",
            "-w",
            "\n%{http_version}",
            "https://a.example.com:" + tls + "/hello");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).endsWith("\n2");
    assertThat(result.output()).contains("\"path\" : \"/hello\"");
  }

  @Test
  void curlSpeaksHttp2WithPriorKnowledgeAndByUpgrade() {
    Tools.Result prior =
        Tools.run(
            "curl",
            "-sS",
            "--http2-prior-knowledge",
            "-w",
            "\n%{http_version}",
            "http://127.0.0.1:" + http + "/hello");
    Tools.Result upgrade =
        Tools.run(
            "curl",
            "-sS",
            "--http2",
            "-w",
            "\n%{http_version}",
            "http://127.0.0.1:" + http + "/hello");

    assertThat(prior.output()).endsWith("\n2").contains("/hello");
    assertThat(upgrade.output()).endsWith("\n2").contains("/hello");
  }

  @Test
  void opensslNegotiatesH2AndVerifiesTheListenerCertificate() {
    Tools.Result result =
        Tools.run(
            "openssl",
            "s_client",
            "-connect",
            "127.0.0.1:" + tls,
            "-servername",
            "a.example.com",
            "-alpn",
            "h2",
            "-CAfile",
            caFile.toString());

    assertThat(result.output())
        .contains("ALPN protocol: h2")
        .contains("Verify return code: 0 (ok)")
        .contains("CN = *.example.com");
  }

  @Test
  void opensslReachesThePassthroughBackendItself() {
    Tools.Result result =
        Tools.run(
            "openssl",
            "s_client",
            "-connect",
            "127.0.0.1:" + tls,
            "-servername",
            "pass.test",
            "-CAfile",
            caFile.toString());

    assertThat(result.output()).contains("CN = pass.test").contains("Verify return code: 0 (ok)");
  }

  @Test
  void h2loadCompletesEveryRequestOverH2c() {
    Tools.Result result =
        Tools.run(
            "h2load", "-n", "400", "-c", "4", "-m", "10", "http://127.0.0.1:" + http + "/hello");

    assertThat(result.output()).as(result.output()).contains("400 succeeded, 0 failed, 0 errored");
  }

  @Test
  void h2loadCompletesEveryRequestOverTls() {
    Tools.Result result =
        Tools.run(
            "h2load",
            "-n",
            "200",
            "-c",
            "2",
            "-m",
            "10",
            "--connect-to",
            "127.0.0.1:" + tls,
            "https://a.example.com:" + tls + "/hello");

    assertThat(result.output()).as(result.output()).contains("200 succeeded, 0 failed, 0 errored");
    assertThat(result.output()).contains("Application protocol: h2");
  }

  @Test
  void grpcClientCallsThroughAGrpcRouteAndGetsGrpcErrors() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", http)
            .overrideAuthority("grpc.test")
            .usePlaintext()
            .build();
    try {
      byte[] reply =
          ClientCalls.blockingUnaryCall(
              channel, method(GRPC_SERVICE + "/Echo"), CallOptions.DEFAULT, new byte[0]);
      assertThat(new String(reply, StandardCharsets.UTF_8)).contains("echo", "default");

      StatusRuntimeException unknown =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class,
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel, method("other.Service/Method"), CallOptions.DEFAULT, new byte[0]));
      assertThat(unknown.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED);
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void webSocketFramesGoBothWaysAndCloseCleanly() throws Exception {
    CompletableFuture<String> echoed = new CompletableFuture<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    try (HttpClient client = HttpClient.newHttpClient()) {
      WebSocket socket =
          client
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + http + "/ws"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      echoed.complete(data.toString());
                      webSocket.request(1);
                      return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(
                        WebSocket webSocket, int statusCode, String reason) {
                      closed.complete(statusCode);
                      return null;
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      socket.sendText("hello through sluice", true).get(10, TimeUnit.SECONDS);
      assertThat(echoed.get(10, TimeUnit.SECONDS)).contains("hello through sluice");

      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
      assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }
  }

  @Test
  void backendTlsPolicyOriginatesTlsWithTheRightSni() {
    java.net.http.HttpResponse<String> response = gateway.get(http, "web.test", "/secure");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(EchoJson.parse(response.body()).path("tls").path("serverName").asString())
        .isEqualTo("pass.test");
  }

  @Test
  void tlsTerminateRouteRelaysTheDecryptedBytes() throws Exception {
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.rootCertificate());
    javax.net.ssl.TrustManagerFactory factory =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    context.init(null, factory.getTrustManagers(), null);
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket)
            context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), tls)) {
      javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("term.test")));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();

      // The echo's TCP port speaks cleartext: the gateway terminated TLS.
      assertThat(in.readLine()).isEqualTo("Gateway API Test TCP Server");
      out.write("IS_TLS\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(in.readLine()).isEqualTo("false");
    }
  }

  @Test
  void tcpRouteRelaysBytesBothWays() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();

      assertThat(in.readLine()).isEqualTo("Gateway API Test TCP Server");
      out.write("PING\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("PONG");
    }
  }

  @Test
  void udpRouteRelaysDatagramsBothWays() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(2_000);
      byte[] payload = "hello over udp".getBytes(StandardCharsets.UTF_8);
      DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
      // UDP may drop the first datagram while the session connects; retry a bounded number of
      // times.
      for (int attempt = 0; ; attempt++) {
        socket.send(
            new DatagramPacket(
                payload,
                payload.length,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), udp)));
        try {
          socket.receive(reply);
          break;
        } catch (java.net.SocketTimeoutException e) {
          if (attempt == 4) {
            throw e;
          }
        }
      }
      assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
          .isEqualTo("hello over udp");
    }
  }

  private static MethodDescriptor<byte[], byte[]> method(String fullName) {
    MethodDescriptor.Marshaller<byte[]> bytes =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(fullName)
        .setRequestMarshaller(bytes)
        .setResponseMarshaller(bytes)
        .build();
  }

  private static String gatewayYaml() {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {name: proto, namespace: default}
        spec:
          gatewayClassName: sluice
          addresses: [{type: IPAddress, value: 127.0.0.1}]
          listeners:
            - {name: http, protocol: HTTP, port: %1$d}
            - name: https
              protocol: HTTPS
              port: %2$d
              hostname: "*.example.com"
              tls: {certificateRefs: [{name: gateway-cert}]}
            - {name: pass, protocol: TLS, port: %2$d, hostname: pass.test, tls: {mode: Passthrough}}
            - name: term
              protocol: TLS
              port: %2$d
              hostname: term.test
              tls: {mode: Terminate, certificateRefs: [{name: term-cert}]}
            - {name: tcp, protocol: TCP, port: %3$d}
            - {name: udp, protocol: UDP, port: %4$d}
        """
        .formatted(http, tls, tcp, udp);
  }

  private static String caConfigMap() {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: echo-ca, namespace: default}
        data:
          ca.crt: |
        %s
        """
        .formatted(indent(ca.rootCertificatePem()));
  }

  private static String secret(String name, IssuedCertificate certificate) {
    return """
        apiVersion: v1
        kind: Secret
        type: kubernetes.io/tls
        metadata: {name: %s, namespace: default}
        stringData:
          tls.crt: |
        %s
          tls.key: |
        %s
        """
        .formatted(name, indent(certificate.chainPem()), indent(certificate.privateKeyPem()));
  }

  private static String indent(String pem) {
    return pem.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static String routesYaml() {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: web, namespace: default}
        spec:
          parentRefs: [{name: proto, sectionName: http}, {name: proto, sectionName: https}]
          rules:
            - matches: [{path: {type: PathPrefix, value: /hello}}, {path: {type: PathPrefix, value: /ws}}]
              backendRefs: [{name: echo, port: 8080}]
            - matches: [{path: {type: PathPrefix, value: /secure}}]
              backendRefs: [{name: echo, port: 8443}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: BackendTLSPolicy
        metadata: {name: echo-tls, namespace: default}
        spec:
          targetRefs: [{group: "", kind: Service, name: echo, sectionName: https}]
          validation:
            hostname: pass.test
            caCertificateRefs: [{group: "", kind: ConfigMap, name: echo-ca}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: TLSRoute
        metadata: {name: term, namespace: default}
        spec:
          parentRefs: [{name: proto, sectionName: term}]
          hostnames: [term.test]
          rules:
            - backendRefs: [{name: echo, port: 9000}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {name: grpc, namespace: default}
        spec:
          parentRefs: [{name: proto, sectionName: http}]
          hostnames: [grpc.test]
          rules:
            - matches: [{method: {service: %s}}]
              backendRefs: [{name: echo, port: 8081}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: TLSRoute
        metadata: {name: pass, namespace: default}
        spec:
          parentRefs: [{name: proto, sectionName: pass}]
          hostnames: [pass.test]
          rules:
            - backendRefs: [{name: echo, port: 8443}]
        ---
        apiVersion: gateway.networking.k8s.io/v1alpha2
        kind: TCPRoute
        metadata: {name: tcp, namespace: default}
        spec:
          parentRefs: [{name: proto, sectionName: tcp}]
          rules:
            - backendRefs: [{name: echo, port: 9000}]
        ---
        apiVersion: gateway.networking.k8s.io/v1alpha2
        kind: UDPRoute
        metadata: {name: udp, namespace: default}
        spec:
          parentRefs: [{name: proto, sectionName: udp}]
          rules:
            - backendRefs: [{name: echo, port: 9001}]
        """
        .formatted(GRPC_SERVICE);
  }
}
