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
    long length = HttpUtil.getContentLength(request, -1L);
    boolean trailers =
        headers.contains(HttpHeaderNames.TE)
            && headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
    String upgradeTo = headers.get(HttpHeaderNames.UPGRADE);
    removeHopByHop(headers);
    setFraming(request, chunked, length);
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
    long length = HttpUtil.getContentLength(response, -1L);
    removeHopByHop(response.headers());
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    int code = response.status().code();
    boolean bodyless = HttpMethod.HEAD.equals(requestMethod) || code == 204 || code == 304;
    if (length >= 0 || (bodyless && !chunked)) {
      setFraming(response, false, length);
    } else if (client.equals(HttpVersion.HTTP_1_1)) {
      setFraming(response, true, -1);
    } else {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  private static void setFraming(HttpMessage message, boolean chunked, long length) {
    if (chunked) {
      message.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else if (length >= 0) {
      message.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
    }
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

  private static void removeConnectionTokens(HttpHeaders headers) {
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          headers.remove(token.strip());
        }
      }
    }
    headers.remove(HttpHeaderNames.CONNECTION);
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
