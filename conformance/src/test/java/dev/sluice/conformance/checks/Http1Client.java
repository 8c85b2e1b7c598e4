package dev.sluice.conformance.checks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTP/1.1 client over a new connection per request (like the suite's transport with
 * keep-alives off): the Host header, SNI and request line are exactly what the test says, which the
 * JDK client would not allow. Stateless.
 */
public final class Http1Client {

  static final int TIMEOUT_MILLIS = 10_000;

  private Http1Client() {}

  /** Sends {@code request} to {@code address} and reads the whole response. */
  public static HttpResult send(String address, HttpCase request, AtomicBoolean certRequested)
      throws IOException {
    try (Socket socket = connect(address, request, certRequested)) {
      OutputStream out = socket.getOutputStream();
      out.write(requestBytes(address, request));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()), request.method);
    }
  }

  static Socket connect(String address, HttpCase request, AtomicBoolean certRequested)
      throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(address, request.targetPort()), TIMEOUT_MILLIS);
    plain.setSoTimeout(TIMEOUT_MILLIS);
    if (!request.tls) {
      return plain;
    }
    SSLSocket socket =
        (SSLSocket)
            TlsClients.context(
                    request.trust.orElseThrow(), request.clientCertificate, certRequested)
                .getSocketFactory()
                .createSocket(plain, address, request.targetPort(), true);
    TlsClients.configure(socket, request.sni.orElse(""), List.of("http/1.1"));
    socket.startHandshake();
    return socket;
  }

  /** The Host the request carries: the test's, else the address (with a non-default port). */
  static String hostHeader(String address, HttpCase request) {
    int defaultPort = request.tls ? 443 : 80;
    return request.host.orElse(
        request.targetPort() == defaultPort ? address : address + ":" + request.targetPort());
  }

  private static byte[] requestBytes(String address, HttpCase request) {
    StringBuilder head = new StringBuilder();
    head.append(request.method).append(' ').append(request.path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(hostHeader(address, request)).append("\r\n");
    head.append("User-Agent: sluice-conformance\r\n");
    request.headers.forEach((name, value) -> head.append(name + ": " + value + "\r\n"));
    head.append("X-Echo-Set-Header: ").append(request.backendSetResponseHeaders).append("\r\n");
    if (List.of("POST", "PUT", "PATCH").contains(request.method)) {
      head.append("Content-Length: 0\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  static HttpResult read(InputStream in, String method) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, n -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    byte[] body = body(in, method, status, headers);
    return new HttpResult(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] body(
      InputStream in, String method, int status, Map<String, List<String>> headers)
      throws IOException {
    if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
      return new byte[0];
    }
    List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
    if (encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
        out.write(in.readNBytes(size));
        line(in);
      }
      return out.toByteArray();
    }
    List<String> length = headers.get("content-length");
    return length != null ? in.readNBytes(Integer.parseInt(length.get(0))) : in.readAllBytes();
  }

  private static int chunkSize(InputStream in) throws IOException {
    String line = line(in);
    int semicolon = line.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the middle of a response");
      }
      if (b != '\r') {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
