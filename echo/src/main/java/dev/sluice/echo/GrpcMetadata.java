package dev.sluice.echo;

import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request metadata a gRPC server hands to the application, as grpc-go builds it: {@code
 * :authority} plus every ordinary header except the transport's own ({@code te}, {@code
 * grpc-timeout}, {@code grpc-encoding}, ...); {@code -bin} values base64-decoded. Immutable.
 *
 * @param headers one entry per value, {@code :authority} first, then in arrival order
 * @param authority the {@code :authority} (or, lacking it, the {@code host}); empty when neither
 */
record GrpcMetadata(List<GrpcEchoMessages.Header> headers, String authority) {

  private static final Set<String> TRANSPORT_HEADERS =
      Set.of(
          "te",
          "grpc-timeout",
          "grpc-encoding",
          "grpc-message-type",
          "grpc-status",
          "grpc-message",
          "grpc-status-details-bin",
          "connection");

  GrpcMetadata {
    headers = List.copyOf(headers);
  }

  static GrpcMetadata of(Http2Headers request) {
    CharSequence authority = request.authority();
    if (authority == null) {
      authority = request.get("host");
    }
    List<GrpcEchoMessages.Header> headers = new ArrayList<>();
    if (authority != null) {
      headers.add(header(":authority", authority.toString()));
    }
    for (Map.Entry<CharSequence, CharSequence> entry : request) {
      String name = entry.getKey().toString();
      if (name.startsWith(":") || TRANSPORT_HEADERS.contains(name)) {
        continue;
      }
      headers.add(header(name, entry.getValue().toString()));
    }
    return new GrpcMetadata(headers, authority == null ? "" : authority.toString());
  }

  private static GrpcEchoMessages.Header header(String name, String value) {
    byte[] bytes;
    if (name.endsWith("-bin")) {
      try {
        bytes = Base64.getDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        bytes = value.getBytes(StandardCharsets.UTF_8); // unpadded or garbled: keep as sent
      }
    } else {
      bytes = value.getBytes(StandardCharsets.UTF_8);
    }
    return new GrpcEchoMessages.Header(name, bytes);
  }
}
