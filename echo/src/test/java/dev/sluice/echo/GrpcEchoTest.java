package dev.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GrpcEchoTest {

  private static final String SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final List<String> echoed = new CopyOnWriteArrayList<>();
  private EchoServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws InterruptedException {
    EchoOptions options =
        EchoOptions.builder("grpc-infra-backend-v1-6b7f-x2k4q", "gateway-conformance-infra", "g1")
            .tls(TestTls.serverCredentials(false))
            .tlsPort(0)
            .build();
    server = EchoServer.start(options, (uri, client) -> echoed.add(uri));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.close();
  }

  private static MethodDescriptor<byte[], byte[]> method(String service, String name) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  private static byte[] call(Channel channel, String service, String name, Metadata metadata) {
    Channel intercepted =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS);
    return ClientCalls.blockingUnaryCall(intercepted, method(service, name), options, new byte[0]);
  }

  private ManagedChannel plaintext() {
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.address().getPort(), InsecureChannelCredentials.create())
            .build();
    return channel;
  }

  @Test
  void echoesTheCallOverCleartextHttp2() {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("version", Metadata.ASCII_STRING_MARSHALLER), "two");
    metadata.put(Metadata.Key.of("color", Metadata.ASCII_STRING_MARSHALLER), "orange");

    byte[] reply = call(plaintext(), SERVICE, "Echo", metadata);

    ProtoFields assertions = ProtoFields.parse(reply).message(1);
    assertThat(assertions.string(1)).isEqualTo("/" + SERVICE + "/Echo");
    String authority = "127.0.0.1:" + server.address().getPort();
    assertThat(assertions.string(3)).isEqualTo(authority);
    List<String> headers =
        assertions.messages(2).stream().map(h -> h.string(1) + "=" + h.string(2)).toList();
    assertThat(headers)
        .contains(":authority=" + authority, "version=two", "color=orange")
        .anyMatch(header -> header.startsWith("content-type=application/grpc"))
        .noneMatch(header -> header.startsWith(":path") || header.startsWith("te="));
    ProtoFields context = assertions.message(4);
    assertThat(context.string(1)).isEqualTo("gateway-conformance-infra");
    assertThat(context.string(3)).isEqualTo("g1");
    assertThat(context.string(4)).isEqualTo("grpc-infra-backend-v1-6b7f-x2k4q");
    assertThat(assertions.has(5)).isFalse();
    assertThat(echoed).containsExactly("/" + SERVICE + "/Echo");
  }

  @Test
  void servesEchoTwoAndAnswersUnimplementedForEverythingElse() {
    ManagedChannel channel = plaintext();

    byte[] two = call(channel, SERVICE, "EchoTwo", new Metadata());
    assertThat(ProtoFields.parse(two).message(1).string(1)).isEqualTo("/" + SERVICE + "/EchoTwo");

    assertThatThrownBy(() -> call(channel, SERVICE, "EchoThree", new Metadata()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription()).contains("EchoThree");
            });
    assertThatThrownBy(() -> call(channel, "other.Service", "Echo", new Metadata()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription()).isEqualTo("unknown service other.Service");
            });
  }

  @Test
  void reportsTlsAssertionsOverTls() throws Exception {
    var credentials =
        TlsChannelCredentials.newBuilder()
            .trustManager(
                new ByteArrayInputStream(
                    TestTls.CA.rootCertificatePem().getBytes(StandardCharsets.US_ASCII)))
            .build();
    channel =
        Grpc.newChannelBuilderForAddress(
                "127.0.0.1", server.tlsAddress().orElseThrow().getPort(), credentials)
            .overrideAuthority("abc.example.com")
            .build();

    byte[] reply = call(channel, SERVICE, "Echo", new Metadata());

    ProtoFields assertions = ProtoFields.parse(reply).message(1);
    assertThat(assertions.string(3)).isEqualTo("abc.example.com");
    ProtoFields tls = assertions.message(5);
    assertThat(tls.string(1)).isEqualTo("TLSv1.3");
    assertThat(tls.string(2)).isEqualTo("h2");
    assertThat(tls.string(3)).isEqualTo("abc.example.com");
    assertThat(tls.string(4)).startsWith("TLS_");
    assertThat(tls.strings(5)).isEmpty();
  }

  @Test
  void percentEncodesStatusMessages() {
    assertThat(GrpcEchoHandler.percent("a%b\né")).isEqualTo("a%25b%0A%C3%A9");
  }
}
