package dev.sluice.echo;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Builds the complete responses the echo server sends. Each returned response owns its content; the
 * caller passes ownership on by writing it. Stateless.
 */
final class Responses {

  /** Exactly this value: the conformance suite ignores the body under any other Content-Type. */
  static final String JSON = "application/json";

  private Responses() {}

  static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
    FullHttpResponse response = withBody(status, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
    response.headers().set("X-Content-Type-Options", "nosniff");
    return response;
  }

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse response = withBody(status, body.getBytes(StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return response;
  }

  static FullHttpResponse empty(HttpResponseStatus status) {
    return withBody(status, new byte[0]);
  }

  /** A JSON {@code {"message": ...}} error, as the conformance echo server reports errors. */
  static FullHttpResponse error(HttpResponseStatus status, String message) {
    return json(status, EchoReport.message(message));
  }

  private static FullHttpResponse withBody(HttpResponseStatus status, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }
}
