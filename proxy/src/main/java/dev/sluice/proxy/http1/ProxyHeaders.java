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
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hop-by-hop header handling and re-framing for messages crossing the proxy. Stateless.
 *
 * <p>The client's and the upstream's framing headers are never copied verbatim: they are removed
 * with the other hop-by-hop headers, and the decoded framing (chunked or a validated length) is
 * written back, so the encoder re-frames the body.
 */
final class ProxyHeaders {

  private ProxyHeaders() {}

  /**
   * Turns a client request into the request sent upstream. {@code TE: trailers} survives (gRPC
   * backends require it); for a WebSocket {@code upgrade} the Upgrade header and {@code Connection:
   * upgrade} are kept, since the upstream must see the handshake.
   */
  static void prepareRequest(HttpRequest request, String clientIp, String scheme, boolean upgrade) {
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    long length = HttpUtil.getContentLength(request, -1L);
    HttpHeaders headers = request.headers();
    boolean trailers = headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
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
    String forwarded = String.join(", ", headers.getAll("x-forwarded-for"));
    headers.set("x-forwarded-for", forwarded.isEmpty() ? clientIp : forwarded + ", " + clientIp);
    headers.set("x-forwarded-proto", scheme);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  /** The client's IP address, for X-Forwarded-For. */
  static String clientIp(Channel downstream) {
    return downstream.remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : "unknown";
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
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
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
   * Content-Length (re-set from the decoded framing), Upgrade and every Proxy-* header.
   */
  static void removeHopByHop(HttpHeaders headers) {
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : value.split(",")) {
        if (!token.isBlank()) {
          headers.remove(token.strip());
        }
      }
    }
    headers.remove(HttpHeaderNames.CONNECTION);
    headers.remove(HttpHeaderNames.KEEP_ALIVE);
    headers.remove(HttpHeaderNames.TE);
    headers.remove(HttpHeaderNames.TRAILER);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.remove(HttpHeaderNames.UPGRADE);
    List<String> proxyHeaders = new ArrayList<>();
    for (String name : headers.names()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
        proxyHeaders.add(name);
      }
    }
    proxyHeaders.forEach(headers::remove);
  }
}
