package dev.sluice.proxy.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Frame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the HTTP/1 response objects of an exchange as HTTP/2 frames on a client stream: a head as
 * HEADERS (an informational one without ending the stream), body chunks as DATA, the last chunk as
 * DATA that ends the stream or, with trailers, DATA then HEADERS that end it. Connection-specific
 * fields and those the {@code Connection} field names are dropped (RFC 9113 §8.2.2); names are
 * lower-cased by {@link FieldNames}. Buffers move into the frames without copies. Stateless.
 */
final class ResponseConversion {

  private ResponseConversion() {}

  /** Writes {@code msg} (ownership moves) with {@code promise} completing on its last frame. */
  static void write(ChannelHandlerContext ctx, HttpObject msg, ChannelPromise promise) {
    Http2Frame head = null;
    Http2Frame whole = null;
    ByteBuf body = null;
    HttpHeaders trailers = null;
    boolean last = msg instanceof LastHttpContent;
    try {
      if (msg instanceof HttpResponse response) {
        int code = response.status().code();
        Http2Headers fields;
        if (code >= 100 && code < 200 && code != 101) {
          // An interim response: a HEADERS frame of its own, the stream goes on.
          if (!(msg instanceof FullHttpResponse)) {
            throw new EncoderException(response.status() + " must be a full response");
          }
          fields = headers(response);
          ReferenceCountUtil.release(msg);
          whole = new DefaultHttp2HeadersFrame(fields, false);
        } else {
          fields = headers(response);
          if (msg instanceof FullHttpMessage full
              && !full.content().isReadable()
              && full.trailingHeaders().isEmpty()) {
            full.release();
            whole = new DefaultHttp2HeadersFrame(fields, true);
          } else {
            head = new DefaultHttp2HeadersFrame(fields, false);
          }
        }
      }
      if (whole == null && msg instanceof HttpContent content) {
        body = content.content();
        if (last) {
          HttpHeaders t = ((LastHttpContent) msg).trailingHeaders();
          trailers = t.isEmpty() ? null : t;
          if (!body.isReadable() && (trailers != null || head != null)) {
            // Nothing to carry: the trailers (or, for a full message, the head) end the stream.
            body.release();
            body = null;
          }
        }
      }
    } catch (RuntimeException e) {
      ReferenceCountUtil.release(msg);
      promise.setFailure(e);
      return;
    }
    if (whole != null) {
      ctx.write(whole, promise);
      return;
    }
    Http2Frame data =
        body == null ? null : new DefaultHttp2DataFrame(body, last && trailers == null);
    Http2Frame tail = null;
    if (trailers != null) {
      try {
        tail = new DefaultHttp2HeadersFrame(copy(trailers, new DefaultHttp2Headers(false)), true);
      } catch (RuntimeException e) {
        ReferenceCountUtil.release(data);
        promise.setFailure(e);
        return;
      }
    }
    emit(ctx, promise, head, data, tail);
  }

  /** Writes the frames that are not null, in order; the last one carries {@code promise}. */
  private static void emit(
      ChannelHandlerContext ctx, ChannelPromise promise, Http2Frame a, Http2Frame b, Http2Frame c) {
    Http2Frame pending = a;
    pending = next(ctx, pending, b);
    pending = next(ctx, pending, c);
    if (pending == null) {
      promise.setSuccess();
    } else {
      ctx.write(pending, promise);
    }
  }

  /**
   * Writes {@code pending} when {@code frame} follows it. Frames of one stream complete in order,
   * so the last frame's outcome stands for the message.
   */
  private static Http2Frame next(ChannelHandlerContext ctx, Http2Frame pending, Http2Frame frame) {
    if (frame == null) {
      return pending;
    }
    if (pending != null) {
      ctx.write(pending, ctx.newPromise());
    }
    return frame;
  }

  private static Http2Headers headers(HttpResponse response) {
    Http2Headers out = new DefaultHttp2Headers(false, response.headers().size() + 1);
    out.status(response.status().codeAsText());
    return copy(response.headers(), out);
  }

  private static Http2Headers copy(HttpHeaders in, Http2Headers out) {
    List<String> listed =
        in.contains(HttpHeaderNames.CONNECTION) ? in.getAll(HttpHeaderNames.CONNECTION) : null;
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = in.iteratorCharSequence();
    while (fields.hasNext()) {
      Map.Entry<CharSequence, CharSequence> field = fields.next();
      AsciiString name = FieldNames.http2(field.getKey());
      if (name == null || (listed != null && namedIn(listed, name))) {
        continue;
      }
      out.add(name, field.getValue());
    }
    return out;
  }

  /** Whether one of the {@code Connection} values names {@code name}. */
  private static boolean namedIn(List<String> connection, AsciiString name) {
    for (String value : connection) {
      if (hasToken(value, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasToken(CharSequence list, AsciiString token) {
    int start = 0;
    int length = list.length();
    while (start <= length) {
      int comma = indexOf(list, ',', start);
      int end = comma < 0 ? length : comma;
      int from = start;
      int to = end;
      while (from < to && isSpace(list.charAt(from))) {
        from++;
      }
      while (to > from && isSpace(list.charAt(to - 1))) {
        to--;
      }
      if (to - from == token.length()
          && AsciiString.regionMatches(list, true, from, token, 0, token.length())) {
        return true;
      }
      if (comma < 0) {
        return false;
      }
      start = comma + 1;
    }
    return false;
  }

  private static int indexOf(CharSequence s, char c, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
