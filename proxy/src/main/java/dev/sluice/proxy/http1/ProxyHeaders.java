package dev.sluice.proxy.http1;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Hop-by-hop header handling and re-framing for messages crossing the proxy. Stateless.
 *
 * <p>The client's and the upstream's framing headers are never copied verbatim: they are removed
 * with the other hop-by-hop headers, and the decoded framing (chunked or a validated length) is
 * written back, so the encoder re-frames the body.
 */
final class ProxyHeaders {

  private static final AsciiString PROXY_PREFIX = AsciiString.cached("proxy-");
  private static final AsciiString HTTP2_SETTINGS = AsciiString.cached("http2-settings");
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AttributeKey<String> CLIENT_IP =
      AttributeKey.valueOf(ProxyHeaders.class, "clientIp");

  private ProxyHeaders() {}

  /**
   * Turns a client request into the request sent upstream. {@code TE: trailers} survives (gRPC
   * backends require it); for a WebSocket {@code upgrade} the Upgrade header and {@code Connection:
   * upgrade} are kept, since the upstream must see the handshake.
   */
  static void prepareRequest(HttpRequest request, String clientIp, String scheme, boolean upgrade) {
    HttpHeaders headers = request.headers();
    boolean chunked = isChunked(headers);
    String declared = headers.get(HttpHeaderNames.CONTENT_LENGTH);
    long length = HttpUtil.getContentLength(request, -1L);
    boolean trailers =
        headers.contains(HttpHeaderNames.TE)
            && headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
    String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
    removeHopByHop(headers);
    setFraming(request, chunked, length, declared);
    if (trailers) {
      headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
    }
    if (upgrade && upgradeTo != null) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
      headers.set(HttpHeaderNames.UPGRADE, upgradeTo);
    }
    String forwarded =
        headers.contains(X_FORWARDED_FOR) ? String.join(", ", headers.getAll(X_FORWARDED_FOR)) : "";
    headers.set(X_FORWARDED_FOR, forwarded.isEmpty() ? clientIp : forwarded + ", " + clientIp);
    headers.set(X_FORWARDED_PROTO, scheme);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  /** The client's IP address, for X-Forwarded-For; formatted once per connection. */
  static String clientIp(Channel downstream) {
    Attribute<String> cached = downstream.attr(CLIENT_IP);
    String ip = cached.get();
    if (ip == null) {
      ip =
          downstream.remoteAddress() instanceof InetSocketAddress a
              ? a.getAddress().getHostAddress()
              : "unknown";
      cached.set(ip);
    }
    return ip;
  }

  private static boolean isChunked(HttpHeaders headers) {
    return headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
        && headers.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
  }

  /** Turns a 101 from the upstream into the 101 for the client: Connection and Upgrade kept. */
  static void prepareSwitch(HttpResponse response) {
    String upgradeTo = response.headers().get(HttpHeaderNames.UPGRADE);
    removeHopByHop(response.headers());
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    if (upgradeTo != null) {
      response.headers().set(HttpHeaderNames.UPGRADE, upgradeTo);
    }
  }

  /**
   * Turns an upstream response into the response sent to the client. A body of unknown length is
   * sent chunked to HTTP/1.1 clients and delimited by close for HTTP/1.0 clients.
   */
  static void prepareResponse(HttpResponse response, HttpMethod requestMethod, HttpVersion client) {
    boolean chunked = isChunked(response.headers());
    String declared = response.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    long length = HttpUtil.getContentLength(response, -1L);
    removeHopByHop(response.headers());
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    int code = response.status().code();
    boolean bodyless = HttpMethod.HEAD.equals(requestMethod) || code == 204 || code == 304;
    if (length >= 0 || (bodyless && !chunked)) {
      setFraming(response, false, length, declared);
    } else if (client.equals(HttpVersion.HTTP_1_1)) {
      setFraming(response, true, -1, null);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  /**
   * Writes the framing back. {@code declared} is the message's first Content-Length value (null if
   * none): when it already is the canonical decimal form of {@code length}, it is reused rather
   * than formatting the number into a new string.
   */
  private static void setFraming(
      HttpMessage message, boolean chunked, long length, String declared) {
    if (chunked) {
      message.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else if (length >= 0) {
      message
          .headers()
          .set(
              HttpHeaderNames.CONTENT_LENGTH,
              isCanonical(declared, length) ? declared : Long.toString(length));
    }
  }

  /** Whether {@code value} is exactly {@code Long.toString(length)}, for a length >= 0. */
  static boolean isCanonical(String value, long length) {
    if (value == null || value.isEmpty() || value.length() > 19) {
      return false;
    }
    if (value.charAt(0) == '0' && value.length() > 1) {
      return false;
    }
    long parsed = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      parsed = parsed * 10 + (c - '0');
    }
    return parsed == length;
  }

  /**
   * Removes Connection and the headers it names, Keep-Alive, TE, Trailer, Transfer-Encoding,
   * Content-Length (re-set from the decoded framing), Upgrade, HTTP2-Settings and every Proxy-*
   * header.
   *
   * <p>Runs for every request and response, so the common case allocates nothing: the Connection
   * tokens are only split when the header is present, and names are compared in place rather than
   * lower-cased.
   */
  static void removeHopByHop(HttpHeaders headers) {
    if (headers.contains(HttpHeaderNames.CONNECTION)) {
      removeConnectionTokens(headers);
    }
    headers.remove(HttpHeaderNames.KEEP_ALIVE);
    headers.remove(HttpHeaderNames.TE);
    headers.remove(HttpHeaderNames.TRAILER);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.remove(HttpHeaderNames.UPGRADE);
    // Connection-specific by definition (RFC 7540 §3.2.1), even when Connection does not name it:
    // a backend must never see half of an h2c upgrade (h2csmuggler, §4 F17).
    headers.remove(HTTP2_SETTINGS);
    removeProxyHeaders(headers);
  }

  /**
   * Removes the headers that Connection names, then Connection. The usual tokens ({@code
   * keep-alive}, {@code close}) are matched in place, so the common response of a keep-alive
   * backend allocates nothing here; other tokens are collected first (the value iterator must not
   * see the map change) and removed after.
   */
  private static void removeConnectionTokens(HttpHeaders headers) {
    List<CharSequence> named = null;
    Iterator<? extends CharSequence> values =
        headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
    while (values.hasNext()) {
      CharSequence value = values.next();
      int start = 0;
      for (int i = 0; i <= value.length(); i++) {
        if (i < value.length() && value.charAt(i) != ',') {
          continue;
        }
        int from = start;
        int to = i;
        start = i + 1;
        while (from < to && Character.isWhitespace(value.charAt(from))) {
          from++;
        }
        while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
          to--;
        }
        if (from == to || regionIs(value, from, to, HttpHeaderValues.KEEP_ALIVE)) {
          continue; // Keep-Alive is removed as a hop-by-hop header anyway.
        }
        if (named == null) {
          named = new ArrayList<>(2);
        }
        named.add(
            regionIs(value, from, to, HttpHeaderValues.CLOSE)
                ? HttpHeaderValues.CLOSE
                : value.subSequence(from, to).toString());
      }
    }
    if (named != null) {
      for (CharSequence name : named) {
        headers.remove(name);
      }
    }
    headers.remove(HttpHeaderNames.CONNECTION);
  }

  private static boolean regionIs(CharSequence value, int from, int to, AsciiString token) {
    return to - from == token.length()
        && AsciiString.regionMatches(value, true, from, token, 0, token.length());
  }

  private static void removeProxyHeaders(HttpHeaders headers) {
    List<CharSequence> found = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (name.length() >= PROXY_PREFIX.length()
          && AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
        if (found == null) {
          found = new ArrayList<>(2);
        }
        found.add(name);
      }
    }
    if (found != null) {
      found.forEach(headers::remove);
    }
  }
}
