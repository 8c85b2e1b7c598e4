package dev.sluice.proxy.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Queue;

/**
 * Decodes upstream responses. A response whose head {@link RawHeadScanner} accepts (the common
 * keep-alive response with a Content-Length) becomes a {@link PassThroughResponse} whose headers
 * stay bytes, and its body is cut into content messages exactly as Netty's decoder would (at most
 * {@code maxChunkSize} per message, a last message with no trailers). Every other response, and
 * everything after a protocol switch or a malformed response, is decoded by Netty's {@link
 * HttpResponseDecoder} with {@code HttpClientCodec}'s pairing rules, so its errors and framing are
 * Netty's. Responses to HEAD and CONNECT always go to Netty. Event-loop confined; one per
 * connection.
 */
final class PassThroughDecoder extends ByteToMessageDecoder {

  private final Queue<HttpMethod> methods;
  private final NettyDecoder netty;
  private final int maxChunk;

  /** Netty's decoder owns the current response. */
  private boolean delegating;

  /** Netty's decoder owns the connection for good (after a 101 or a decoding failure). */
  private boolean sticky;

  /** Body bytes left of a passed-through response, or -1 between responses. */
  private long remaining = -1;

  PassThroughDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods) {
    this.methods = methods;
    this.netty = new NettyDecoder(config, methods);
    this.maxChunk = config.getMaxChunkSize();
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (remaining >= 0) {
      readBody(in, out);
      return;
    }
    if (!delegating && !sticky) {
      HttpMethod method = methods.peek();
      RawHeadScanner.Result head =
          method == null || HttpMethod.HEAD.equals(method) || HttpMethod.CONNECT.equals(method)
              ? RawHeadScanner.NOT_SIMPLE
              : RawHeadScanner.scan(in);
      if (head.response() != null) {
        methods.poll();
        in.skipBytes(head.headBytes());
        out.add(head.response());
        if (head.contentLength() == 0) {
          out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
          remaining = head.contentLength();
        }
        return;
      }
      delegating = true;
    }
    int from = out.size();
    netty.decodeSome(ctx, in, out);
    track(out, from);
  }

  private void readBody(ByteBuf in, List<Object> out) {
    int n = (int) Math.min(remaining, Math.min(in.readableBytes(), maxChunk));
    if (n == 0) {
      return;
    }
    ByteBuf chunk = in.readRetainedSlice(n);
    remaining -= n;
    if (remaining == 0) {
      remaining = -1;
      // No trailers can follow a Content-Length body: the shared empty map, not one per response.
      out.add(new DefaultLastHttpContent(chunk, EmptyHttpHeaders.INSTANCE));
    } else {
      out.add(new DefaultHttpContent(chunk));
    }
  }

  /** Follows Netty's output: a response's end hands the next one back, unless it must stay. */
  private void track(List<Object> out, int from) {
    for (int i = from; i < out.size(); i++) {
      Object msg = out.get(i);
      if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
        sticky = true;
      }
      if (msg instanceof HttpResponse response && response.status().code() == 101) {
        sticky = true;
      }
      if (msg instanceof LastHttpContent) {
        delegating = false;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    if (remaining >= 0) {
      // The connection closed inside a Content-Length body: like Netty, no last content (the
      // exchange sees the close).
      remaining = -1;
      return;
    }
    // Between responses or inside one Netty reads: Netty decides what a close here means.
    while (in.isReadable()) {
      int before = in.readableBytes();
      int from = out.size();
      netty.decodeSome(ctx, in, out);
      track(out, from);
      if (before == in.readableBytes() && from == out.size()) {
        break;
      }
    }
    int from = out.size();
    netty.decodeEnd(ctx, in, out);
    track(out, from);
  }

  /**
   * Netty's response decoder, driven by {@link PassThroughDecoder} rather than the pipeline, with
   * {@code HttpClientCodec}'s rules for which responses have no body: interim responses keep their
   * request's place in the queue; a HEAD response, and a 200 to CONNECT, carry no body.
   */
  private static final class NettyDecoder extends HttpResponseDecoder {

    private final Queue<HttpMethod> methods;

    NettyDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods) {
      super(config);
      this.methods = methods;
    }

    void decodeSome(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      decode(ctx, in, out);
    }

    void decodeEnd(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
      decodeLast(ctx, in, out);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      HttpResponse response = (HttpResponse) msg;
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return super.isContentAlwaysEmpty(msg);
      }
      HttpMethod method = methods.poll();
      if (HttpMethod.HEAD.equals(method)) {
        return true;
      }
      if (response.status().code() == 200 && HttpMethod.CONNECT.equals(method)) {
        return true;
      }
      return super.isContentAlwaysEmpty(msg);
    }
  }
}
