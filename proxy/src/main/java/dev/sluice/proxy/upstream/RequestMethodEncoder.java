package dev.sluice.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.List;
import java.util.Queue;

/**
 * The request side of {@link Http1ClientCodec}: Netty's request encoder that also queues each
 * request's method, so the response decoder knows which responses have no body (HEAD) or end a
 * CONNECT. Event-loop confined.
 */
final class RequestMethodEncoder extends HttpRequestEncoder {

  private final Queue<HttpMethod> methods;

  RequestMethodEncoder(Queue<HttpMethod> methods) {
    this.methods = methods;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
    if (msg instanceof HttpRequest request) {
      methods.offer(request.method());
    }
    super.encode(ctx, msg, out);
  }
}
