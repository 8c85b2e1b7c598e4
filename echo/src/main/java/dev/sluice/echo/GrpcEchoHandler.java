package dev.sluice.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Serves one gRPC call on an HTTP/2 stream, as echo-basic's gRPC mode does: the unary methods
 * {@code Echo} and {@code EchoTwo} of {@value #SERVICE} answer an {@code EchoResponse} describing
 * the call; anything else ends with {@code UNIMPLEMENTED} (12). The request message ({@code
 * EchoRequest} is empty) is read and dropped; the answer goes out once the client half-closes.
 *
 * <p>Event-loop confined; one instance per stream.
 */
final class GrpcEchoHandler extends ChannelInboundHandlerAdapter {

  static final String SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

  private static final int OK = 0;
  private static final int UNIMPLEMENTED = 12;

  private final EchoRoutes routes;
  private Http2Headers request;
  private boolean answered;

  GrpcEchoHandler(EchoRoutes routes) {
    this.routes = routes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    try {
      if (message instanceof Http2HeadersFrame headers) {
        if (request == null) {
          request = headers.headers();
        }
        answerAtEnd(ctx, headers.isEndStream());
      } else if (message instanceof Http2DataFrame data) {
        answerAtEnd(ctx, data.isEndStream());
      }
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void answerAtEnd(ChannelHandlerContext ctx, boolean endOfRequest) {
    if (!endOfRequest || answered) {
      return;
    }
    answered = true;
    String path = String.valueOf(request.path());
    String prefix = "/" + SERVICE + "/";
    if (path.equals(prefix + "Echo") || path.equals(prefix + "EchoTwo")) {
      echo(ctx, path);
    } else {
      fail(ctx, UNIMPLEMENTED, unimplemented(path, prefix));
    }
  }

  private void echo(ChannelHandlerContext ctx, String path) {
    EchoLog.echoed(path, ctx.channel(), routes.observer());
    GrpcMetadata metadata = GrpcMetadata.of(request);
    byte[] body =
        GrpcEchoMessages.echoResponse(
            path,
            metadata.headers(),
            metadata.authority(),
            routes.options(),
            ConnectionFacts.of(ctx.channel()).tls());
    ByteBuf frame = ctx.alloc().buffer(5 + body.length);
    frame.writeByte(0).writeInt(body.length).writeBytes(body); // uncompressed, length-prefixed
    ctx.write(new DefaultHttp2HeadersFrame(responseHeaders()));
    ctx.write(new DefaultHttp2DataFrame(frame));
    Http2Headers trailers = new DefaultHttp2Headers().setInt("grpc-status", OK);
    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(trailers, true))
        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** A trailers-only response: status and message in the one HEADERS frame that ends the call. */
  private static void fail(ChannelHandlerContext ctx, int status, String message) {
    Http2Headers headers =
        responseHeaders().setInt("grpc-status", status).set("grpc-message", percent(message));
    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true))
        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  private static Http2Headers responseHeaders() {
    return new DefaultHttp2Headers().status("200").set("content-type", "application/grpc");
  }

  /** The messages grpc-go gives for an unregistered service or method. */
  private static String unimplemented(String path, String prefix) {
    if (path.startsWith(prefix)) {
      String method = path.substring(prefix.length());
      return method.equals("EchoThree")
          ? "method EchoThree not implemented"
          : "unknown method " + method + " for service " + SERVICE;
    }
    int slash = path.indexOf('/', 1);
    String service = slash > 0 ? path.substring(1, slash) : path;
    return "unknown service " + service;
  }

  /** {@code grpc-message} encoding: bytes outside printable ASCII, and '%', as %XX. */
  static String percent(String message) {
    StringBuilder out = new StringBuilder();
    for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x20 || c > 0x7E || c == '%') {
        out.append('%').append(String.format("%02X", c));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}
