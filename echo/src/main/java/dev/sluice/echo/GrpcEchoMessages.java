package dev.sluice.echo;

import java.util.List;
import java.util.Optional;

/**
 * Encodes {@code gateway_api_conformance.echo_basic.grpcecho.EchoResponse} by hand. Field numbers
 * of that contract: {@code EchoResponse{1 assertions}}, {@code Assertions{1 fully_qualified_method,
 * 2 headers, 3 authority, 4 context, 5 tls_assertions}}, {@code Header{1 key, 2 value}}, {@code
 * Context{1 namespace, 2 ingress, 3 service_name, 4 pod}}, {@code TLSAssertions{1 version, 2
 * negotiated_protocol, 3 server_name, 4 cipher_suite, 5 peer_certificates}}. Stateless.
 */
final class GrpcEchoMessages {

  /** One metadata entry as received; binary ({@code -bin}) values already decoded. */
  record Header(String key, byte[] value) {}

  private GrpcEchoMessages() {}

  static byte[] echoResponse(
      String fullMethod,
      List<Header> headers,
      String authority,
      EchoOptions options,
      Optional<TlsFacts> tls) {
    ProtoWriter assertions = new ProtoWriter().string(1, fullMethod);
    for (Header header : headers) {
      ProtoWriter entry = new ProtoWriter().string(1, header.key());
      if (header.value().length > 0) {
        entry.bytes(2, header.value());
      }
      assertions.message(2, entry);
    }
    assertions.string(3, authority).message(4, context(options));
    tls.ifPresent(facts -> assertions.message(5, tlsAssertions(facts)));
    return new ProtoWriter().message(1, assertions).toByteArray();
  }

  private static ProtoWriter context(EchoOptions options) {
    return new ProtoWriter()
        .string(1, options.namespace())
        .string(2, "")
        .string(3, options.service())
        .string(4, options.pod());
  }

  private static ProtoWriter tlsAssertions(TlsFacts tls) {
    ProtoWriter out =
        new ProtoWriter()
            .string(1, tls.version())
            .string(2, tls.negotiatedProtocol())
            .string(3, tls.serverName())
            .string(4, tls.cipherSuite());
    tls.peerCertificates().forEach(pem -> out.string(5, pem));
    return out;
  }
}
