package dev.sluice.proxy.http1;

import dev.sluice.proxy.failure.ProxyFailure;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Local errors for gRPC requests, answered the way gRPC clients understand: HTTP 200, {@code
 * content-type: application/grpc} and a {@code grpc-status} with {@code grpc-message} in a
 * trailers-only response (one HEADERS frame with END_STREAM on HTTP/2). Stateless.
 */
final class GrpcResponses {

  static final String STATUS = "grpc-status";
  static final String MESSAGE = "grpc-message";

  static final int UNKNOWN = 2;
  static final int DEADLINE_EXCEEDED = 4;
  static final int INTERNAL = 13;
  static final int UNIMPLEMENTED = 12;
  static final int UNAVAILABLE = 14;
  static final int UNAUTHENTICATED = 16;
  static final int PERMISSION_DENIED = 7;

  private GrpcResponses() {}

  /** Whether {@code request} is a gRPC call ({@code content-type: application/grpc[+proto...]}). */
  static boolean isGrpc(HttpRequest request) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type != null && type.regionMatches(true, 0, "application/grpc", 0, 16);
  }

  /**
   * Whether {@code request} is native gRPC ({@code application/grpc}, optionally {@code +codec} or
   * parameters), which the gRPC protocol defines over HTTP/2 only; gRPC-Web ({@code
   * application/grpc-web...}) is meant for HTTP/1.1 and is not.
   */
  static boolean isNativeGrpc(HttpRequest request) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (type == null || !type.regionMatches(true, 0, "application/grpc", 0, 16)) {
      return false;
    }
    return type.length() == 16 || type.charAt(16) == '+' || type.charAt(16) == ';';
  }

  /** The gRPC status for an HTTP status, as gRPC maps HTTP errors. */
  static int status(int http) {
    return switch (http) {
      case 400, 500 -> INTERNAL;
      case 401 -> UNAUTHENTICATED;
      case 403 -> PERMISSION_DENIED;
      case 404 -> UNIMPLEMENTED;
      case 429, 502, 503, 504 -> UNAVAILABLE;
      default -> UNKNOWN;
    };
  }

  /** The gRPC status for a failure: timeouts are deadlines, the rest maps by HTTP status. */
  static int status(ProxyFailure failure) {
    return switch (failure.kind()) {
      case REQUEST_TIMEOUT, BACKEND_TIMEOUT -> DEADLINE_EXCEEDED;
      default -> status(failure.status());
    };
  }

  /** The trailers-only response for {@code failure}; the caller owns it. */
  static FullHttpResponse failure(ProxyFailure failure, boolean close) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/grpc");
    response.headers().setInt(STATUS, status(failure));
    response.headers().set(MESSAGE, percentEncode(failure.detail()));
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  /** grpc-message is percent-encoded UTF-8; spaces stay readable. */
  static String percentEncode(String message) {
    return URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
