package dev.sluice.proxy.http2;

import static io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Headers.PseudoHeaderName;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * Turns the HEADERS of a client stream into the HTTP/1 message the exchange runs on, in one pass
 * over the fields: {@code :authority} becomes {@code Host} (a {@code host} field that contradicts
 * it makes the request malformed, RFC 9113 §8.3.1), {@code cookie} fields are joined with {@code ";
 * "} (§8.2.3), {@code x-http2-*} and {@code trailer} fields are dropped, a request with a body and
 * no {@code content-length} is marked chunked, and a HEADERS frame without {@code :method} that
 * ends the stream is the trailers. Field values are checked as HTTP/1.1 needs them (the HPACK
 * decoder checks names only): a control character, DEL or leading whitespace makes the request
 * malformed ({@code RST_STREAM(PROTOCOL_ERROR)}); trailing whitespace gets a 400 (the message is
 * marked with a failed {@link DecoderResult}). Extended CONNECT ({@code :protocol}, RFC 8441) is
 * malformed too: Sluice never sends {@code SETTINGS_ENABLE_CONNECT_PROTOCOL}. Stateless.
 */
final class RequestConversion {

  private static final AsciiString PROTOCOL = PseudoHeaderName.PROTOCOL.value();
  private static final AsciiString AUTHORITY = PseudoHeaderName.AUTHORITY.value();
  private static final AsciiString EXTENSION_PREFIX = AsciiString.cached("x-http2-");
  private static final AsciiString[] EXTENSION_NAMES = extensionNames();

  private RequestConversion() {}

  /**
   * The request head (a whole request when the frame ends the stream) or the trailers.
   *
   * @throws Http2Exception a stream error: the request is malformed
   */
  static HttpObject convert(Http2HeadersFrame frame) throws Http2Exception {
    Http2Headers fields = frame.headers();
    int id = frame.stream().id();
    CharSequence method = fields.method();
    if (method == null) {
      if (!frame.isEndStream()) {
        throw Http2Exception.streamError(
            id, PROTOCOL_ERROR, "HEADERS without :method that do not end the stream");
      }
      LastHttpContent trailers =
          new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, new DefaultHttpHeaders());
      copy(id, fields, trailers.trailingHeaders(), trailers, true);
      return trailers;
    }
    boolean connect = HttpMethod.CONNECT.asciiName().contentEqualsIgnoreCase(method);
    CharSequence target = connect ? fields.authority() : fields.path();
    if (target == null) {
      throw Http2Exception.streamError(
          id, PROTOCOL_ERROR, "no %s (expected for %s)", connect ? ":authority" : ":path", method);
    }
    HttpMethod httpMethod;
    try {
      httpMethod = HttpMethod.valueOf(method.toString());
    } catch (IllegalArgumentException e) {
      throw Http2Exception.streamError(id, PROTOCOL_ERROR, e, "invalid :method (expected a token)");
    }
    HttpHeaders headers = new DefaultHttpHeaders();
    String uri = target.toString();
    HttpMessage request;
    if (frame.isEndStream()) {
      request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              httpMethod,
              uri,
              Unpooled.EMPTY_BUFFER,
              headers,
              EmptyHttpHeaders.INSTANCE);
    } else {
      request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, httpMethod, uri, headers);
    }
    copy(id, fields, headers, request, false);
    if (!frame.isEndStream() && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      // The body arrives as DATA frames: chunked is how the exchange frames it for HTTP/1.1.
      headers.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return request;
  }

  private static void copy(
      int id, Http2Headers fields, HttpHeaders out, DecoderResultProvider message, boolean trailers)
      throws Http2Exception {
    CharSequence host = null;
    CharSequence cookie = null;
    StringBuilder cookies = null;
    for (Map.Entry<CharSequence, CharSequence> field : fields) {
      CharSequence name = field.getKey();
      CharSequence value = field.getValue();
      if (name.length() > 0 && name.charAt(0) == ':') {
        if (trailers) {
          throw Http2Exception.streamError(
              id, PROTOCOL_ERROR, "pseudo-header %s in trailers", name);
        }
        if (PROTOCOL.contentEquals(name)) {
          throw Http2Exception.streamError(
              id,
              PROTOCOL_ERROR,
              "extended CONNECT without SETTINGS_ENABLE_CONNECT_PROTOCOL (expected: none)");
        }
        if (AUTHORITY.contentEquals(name)) {
          host = value;
          add(id, out, HttpHeaderNames.HOST, value, message);
        }
        continue;
      }
      if (HttpHeaderNames.COOKIE.contentEquals(name)) {
        if (cookie == null) {
          cookie = value;
        } else {
          if (cookies == null) {
            cookies = new StringBuilder().append(cookie);
          }
          cookies.append("; ").append(value);
        }
      } else if (HttpHeaderNames.HOST.contentEquals(name)) {
        if (host == null) {
          host = value;
          add(id, out, name, value, message);
        } else if (!AsciiString.contentEqualsIgnoreCase(host, value)) {
          throw Http2Exception.streamError(
              id, PROTOCOL_ERROR, "host %s contradicts :authority %s", value, host);
        }
      } else if (!dropped(name)) {
        add(id, out, name, value, message);
      }
    }
    if (cookie != null) {
      add(id, out, HttpHeaderNames.COOKIE, cookies == null ? cookie : cookies, message);
    }
  }

  private static void add(
      int id, HttpHeaders out, CharSequence name, CharSequence value, DecoderResultProvider message)
      throws Http2Exception {
    try {
      // Validating headers: a control character, DEL or leading whitespace is refused here.
      out.add(name, value);
    } catch (IllegalArgumentException e) {
      throw Http2Exception.streamError(
          id, PROTOCOL_ERROR, e, "invalid field %s (expected an HTTP/1.1 field value)", name);
    }
    int last = value.length() - 1;
    if (last >= 0
        && (value.charAt(last) == ' ' || value.charAt(last) == '\t')
        && message.decoderResult().isSuccess()) {
      message.setDecoderResult(
          DecoderResult.failure(
              new IllegalArgumentException(
                  "HTTP/2 header " + name + ": value has leading or trailing whitespace")));
    }
  }

  /** Names the conversion never passes on: Netty's extension names, and {@code trailer}. */
  private static boolean dropped(CharSequence name) {
    if (HttpHeaderNames.TRAILER.contentEquals(name)) {
      return true;
    }
    if (name.length() <= EXTENSION_PREFIX.length()
        || !AsciiString.regionMatches(
            name, false, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length())) {
      return false;
    }
    for (AsciiString extension : EXTENSION_NAMES) {
      if (extension.contentEquals(name)) {
        return true;
      }
    }
    return false;
  }

  private static AsciiString[] extensionNames() {
    ExtensionHeaderNames[] all = ExtensionHeaderNames.values();
    AsciiString[] names = new AsciiString[all.length];
    for (int i = 0; i < all.length; i++) {
      names[i] = all[i].text();
    }
    return names;
  }
}
