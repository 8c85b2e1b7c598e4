package dev.sluice.echo;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the echo JSON body: what the request looked like to this backend, in the field layout the
 * Gateway API conformance echo server uses (see conformance-notes §4.1). Stateless and thread-safe.
 */
final class EchoReport {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private static final String HTTP2_EXTENSION_PREFIX = "x-http2-";

  private EchoReport() {}

  /**
   * The echo body for {@code request}, received over a connection described by {@code facts} on a
   * server whose HTTP listener is on {@code httpPort}.
   */
  static byte[] render(
      HttpRequest request, EchoOptions options, int httpPort, ConnectionFacts facts) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", request.uri());
    body.put("host", host(request));
    body.put("method", request.method().name());
    body.put("proto", facts.http2() ? "HTTP/2.0" : request.protocolVersion().text());
    body.put("headers", headers(request.headers(), facts.http2()));
    body.put("httpPort", Integer.toString(httpPort));
    body.put("namespace", options.namespace());
    body.put("ingress", "");
    body.put("service", options.service());
    body.put("pod", options.pod());
    facts.tls().ifPresent(tls -> body.put("tls", tls(tls)));
    return JSON.writeValueAsBytes(body);
  }

  private static boolean isHttp2Extension(String name) {
    return name.regionMatches(true, 0, HTTP2_EXTENSION_PREFIX, 0, HTTP2_EXTENSION_PREFIX.length());
  }

  /** Go's {@code TLSAssertions}: empty certificates and protocol are left out. */
  private static Map<String, Object> tls(TlsFacts tls) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", tls.version());
    if (!tls.peerCertificates().isEmpty()) {
      out.put("peerCertificates", tls.peerCertificates());
    }
    out.put("serverName", tls.serverName());
    if (!tls.negotiatedProtocol().isEmpty()) {
      out.put("negotiatedProtocol", tls.negotiatedProtocol());
    }
    out.put("cipherSuite", tls.cipherSuite());
    return out;
  }

  /** An error body, {@code {"message": ...}}. */
  static byte[] message(String message) {
    return JSON.writeValueAsBytes(Map.of("message", message));
  }

  /**
   * The request's host as Go reports {@code Request.Host}: the authority of an absolute-form
   * target, else the Host header verbatim (port included), else empty.
   */
  static String host(HttpRequest request) {
    String uri = request.uri();
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      String authority = URI.create(uri).getRawAuthority();
      return authority == null ? "" : authority;
    }
    String host = request.headers().get(HttpHeaderNames.HOST);
    return host == null ? "" : host;
  }

  /**
   * Go's {@code Request.Header}: canonical names in sorted order (Go's JSON sorts map keys), values
   * in arrival order, without Host and Transfer-Encoding (Go moves those to other fields), and
   * without the {@code x-http2-*} names Netty adds when it turns an HTTP/2 stream into a request.
   */
  static Map<String, List<String>> headers(HttpHeaders headers, boolean http2) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, String> header : headers) {
      if (http2 && isHttp2Extension(header.getKey())) {
        continue;
      }
      String name = GoHeaderNames.canonical(header.getKey());
      if (name.equals("Host") || name.equals("Transfer-Encoding")) {
        continue;
      }
      out.computeIfAbsent(name, unused -> new ArrayList<>()).add(header.getValue());
    }
    return out;
  }
}
