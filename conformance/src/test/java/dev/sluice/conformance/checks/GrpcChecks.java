package dev.sluice.conformance.checks;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC checks of the suite (§5.8): plaintext HTTP/2 to the Gateway's port 80 with grpc-java, a
 * byte-array method descriptor (the request {@code EchoRequest} is empty) and the echo's {@code
 * EchoResponse} decoded by {@link ProtoReader}. Stateless.
 */
public final class GrpcChecks {

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

  private GrpcChecks() {}

  /** Waits until {@code c} passes three times in a row (a new channel per attempt). */
  public static void expect(String address, GrpcCase c) {
    Eventually.consistent(c.toString(), () -> attemptOnce(address, c));
  }

  private static Optional<String> attemptOnce(String address, GrpcCase c) {
    ManagedChannel channel = channel(address, c);
    try {
      return attempt(channel, c).map(r -> r.failure).orElse(Optional.empty());
    } finally {
      channel.shutdownNow();
    }
  }

  /** The answer of one call: the failure against {@code c}, and the pod that answered. */
  private record Answer(Optional<String> failure, String pod) {}

  private static Optional<Answer> attempt(ManagedChannel channel, GrpcCase c) {
    Metadata metadata = new Metadata();
    c.metadata.forEach(
        (k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(c.fullMethod())
            .setRequestMarshaller(BYTES)
            .setResponseMarshaller(BYTES)
            .build();
    byte[] response;
    try {
      ClientCall<byte[], byte[]> call =
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata))
              .newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
      response = ClientCalls.blockingUnaryCall(call, new byte[0]);
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      return Optional.of(
          new Answer(code == c.code ? Optional.empty() : Optional.of("code " + e.getStatus()), ""));
    }
    return Optional.of(compare(c, response));
  }

  private static Answer compare(GrpcCase c, byte[] response) {
    if (c.code != Status.Code.OK) {
      return new Answer(Optional.of("code OK, expected " + c.code), "");
    }
    ProtoReader assertions;
    try {
      assertions = new ProtoReader(response).message(1);
    } catch (IllegalArgumentException e) {
      return new Answer(Optional.of("undecodable EchoResponse: " + e.getMessage()), "");
    }
    String method = assertions.string(1);
    ProtoReader context = assertions.message(4);
    String namespace = context.string(1);
    String pod = context.string(4);
    if (!method.equals("/" + c.fullMethod())) {
      return new Answer(Optional.of("backend saw method " + method), pod);
    }
    if (!c.namespace.isEmpty() && !c.namespace.equals(namespace)) {
      return new Answer(Optional.of("namespace " + namespace + ", expected " + c.namespace), pod);
    }
    if (!pod.startsWith(c.backend)) {
      return new Answer(Optional.of("answered by " + pod + ", expected " + c.backend), pod);
    }
    return new Answer(Optional.empty(), pod);
  }

  /**
   * Sends {@value HttpChecks#WEIGHT_REQUESTS} calls ({@value HttpChecks#WEIGHT_CONCURRENCY} at a
   * time, each with random {@code x-jitter} metadata) and checks every backend's share is within
   * {@link HttpChecks#WEIGHT_TOLERANCE} of its weight; up to {@value HttpChecks#WEIGHT_ROUNDS}
   * rounds.
   */
  public static void expectWeights(String address, GrpcCase c, Map<String, Double> weights) {
    expect(address, c);
    String last = "";
    for (int round = 0; round < HttpChecks.WEIGHT_ROUNDS; round++) {
      Optional<String> failure =
          Weights.round(
              HttpChecks.WEIGHT_REQUESTS,
              HttpChecks.WEIGHT_CONCURRENCY,
              () -> backendOf(address, c),
              weights);
      if (failure.isEmpty()) {
        return;
      }
      last = failure.get();
    }
    throw new AssertionError("weights " + weights + " not met: " + last);
  }

  private static String backendOf(String address, GrpcCase template) throws IOException {
    GrpcCase c = GrpcCase.call(template.method).backend(template.backend, template.namespace);
    template.authority.ifPresent(c::authority);
    template.metadata.forEach(c::metadata);
    c.metadata("x-jitter", Integer.toString(ThreadLocalRandom.current().nextInt(10_000)));
    ManagedChannel channel = channel(address, c);
    try {
      Answer answer = attempt(channel, c).orElseThrow();
      if (answer.failure.isPresent()) {
        throw new IOException(answer.failure.get());
      }
      return Weights.backendName(answer.pod);
    } finally {
      channel.shutdownNow();
    }
  }

  private static ManagedChannel channel(String address, GrpcCase c) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address, 80).usePlaintext();
    c.authority.ifPresent(builder::overrideAuthority);
    return builder.build();
  }
}
