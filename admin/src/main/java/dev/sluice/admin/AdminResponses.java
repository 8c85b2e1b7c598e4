package dev.sluice.admin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Builds complete admin responses; each owns its content until written. Stateless. */
final class AdminResponses {

  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json";

  private AdminResponses() {}

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    return of(status, TEXT, body);
  }

  static FullHttpResponse json(String body) {
    return of(HttpResponseStatus.OK, JSON, body);
  }

  static FullHttpResponse of(HttpResponseStatus status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return response;
  }
}
