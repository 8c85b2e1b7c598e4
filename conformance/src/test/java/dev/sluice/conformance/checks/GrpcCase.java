package dev.sluice.conformance.checks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One gRPC call of a conformance test and what must come back (the suite's {@code
 * grpc.ExpectedResponse}, §5.8): the method of {@code GrpcEcho}, the {@code :authority} and
 * metadata to send, and the expected status code, backend and namespace.
 *
 * <p>A fluent builder: configure it on one thread, then share it read-only.
 */
public final class GrpcCase {

  public static final String SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

  final String method;
  Optional<String> authority = Optional.empty();
  final Map<String, String> metadata = new LinkedHashMap<>();
  io.grpc.Status.Code code = io.grpc.Status.Code.OK;
  String backend = "";
  String namespace = "";

  private GrpcCase(String method) {
    this.method = method;
  }

  /** A call of {@code GrpcEcho/<method>}. */
  public static GrpcCase call(String method) {
    return new GrpcCase(method);
  }

  public GrpcCase authority(String value) {
    authority = Optional.of(value);
    return this;
  }

  public GrpcCase metadata(String name, String value) {
    metadata.put(name, value);
    return this;
  }

  public GrpcCase expect(io.grpc.Status.Code value) {
    code = value;
    return this;
  }

  /** The pod must start with {@code prefix}; the namespace must be {@code ns}. */
  public GrpcCase backend(String prefix, String ns) {
    backend = prefix;
    namespace = ns;
    return this;
  }

  String fullMethod() {
    return SERVICE + "/" + method;
  }

  @Override
  public String toString() {
    return "gRPC "
        + method
        + authority.map(a -> " authority=" + a).orElse("")
        + (metadata.isEmpty() ? "" : " " + metadata)
        + " → "
        + code
        + (backend.isEmpty() ? "" : " " + backend);
  }
}
