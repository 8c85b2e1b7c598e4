package dev.sluice.proxy.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import java.util.Map;

/**
 * Sits after {@code Http2StreamFrameToHttpObjectCodec} on an HTTP/2 stream channel. It removes the
 * {@code x-http2-*} headers that Netty's conversion adds (they must not reach the other side), and
 * rejects field values that HTTP/1.1 cannot carry safely: CR, LF or NUL anywhere, or leading or
 * trailing whitespace (RFC 9113 §8.2.1; Netty's HPACK decoder does not check values). A rejected
 * message is marked with a failed {@link DecoderResult}, which the exchange answers with 400.
 * Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class Http2MessageHygiene extends ChannelInboundHandlerAdapter {

  /** The one instance. */
  public static final Http2MessageHygiene INSTANCE = new Http2MessageHygiene();

  private Http2MessageHygiene() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpMessage message) {
      clean(message.headers(), message);
    }
    if (msg instanceof LastHttpContent last) {
      clean(last.trailingHeaders(), last);
    }
    ctx.fireChannelRead(msg);
  }

  private static void clean(HttpHeaders headers, io.netty.handler.codec.DecoderResultProvider m) {
    for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
      headers.remove(name.text());
    }
    for (Map.Entry<String, String> header : headers) {
      String invalid = invalidValue(header.getValue());
      if (invalid != null) {
        m.setDecoderResult(
            DecoderResult.failure(
                new IllegalArgumentException("HTTP/2 header " + header.getKey() + ": " + invalid)));
        return;
      }
    }
  }

  /** Why {@code value} is not a valid field value, or null. */
  static String invalidValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return "value contains CR, LF or NUL (expected: visible characters)";
      }
    }
    if (!value.isEmpty()
        && (isSpace(value.charAt(0)) || isSpace(value.charAt(value.length() - 1)))) {
      return "value has leading or trailing whitespace";
    }
    return null;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
