package dev.sluice.proxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 client for exact request bytes; reads length- or chunk-framed responses.
 */
public final class RawHttp implements AutoCloseable {

  /** A parsed response. Header names are lower case; repeated headers are joined with ", ". */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** Wraps a connected socket (for example an {@code SSLSocket}). */
  public RawHttp(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(10_000);
    in = new java.io.BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  public void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  public Response exchange(String raw) throws IOException {
    send(raw);
    return read();
  }

  /** Reads one response (skipping nothing: a 100 Continue is returned as its own response). */
  public Response read() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.merge(
          l.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          l.substring(colon + 1).strip(),
          (a, b) -> a + ", " + b);
    }
    if (status < 200 || status == 204 || status == 304) {
      return new Response(status, headers, "");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16);
          size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      for (String l = line(); !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        headers.put(
            "trailer:" + l.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            l.substring(colon + 1).strip());
      }
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** A response whose body was only hashed. */
  public record Digested(int status, Map<String, String> headers, long length, String sha256) {}

  /** Reads one chunked or length-framed response, hashing the body instead of keeping it. */
  public Digested readDigested() throws IOException {
    int status = Integer.parseInt(line().split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
    }
    java.security.MessageDigest digest = TestOrigin.sha256();
    long length = 0;
    if (headers.containsKey("content-length")) {
      length = copy(Long.parseLong(headers.get("content-length")), digest);
    } else {
      for (int size = Integer.parseInt(line().split(";")[0].strip(), 16);
          size > 0;
          size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
        length += copy(size, digest);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    }
    return new Digested(
        status, headers, length, java.util.HexFormat.of().formatHex(digest.digest()));
  }

  private long copy(long n, java.security.MessageDigest digest) throws IOException {
    byte[] buffer = new byte[65536];
    long left = n;
    while (left > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (r < 0) {
        throw new java.io.EOFException("body ended " + left + " bytes early");
      }
      digest.update(buffer, 0, r);
      left -= r;
    }
    return n;
  }

  /** Writes raw bytes; for streaming request bodies from another thread. */
  public void write(byte[] bytes, int off, int len) throws IOException {
    out.write(bytes, off, len);
  }

  /** Whether the server closed the connection (reads EOF within the socket timeout). */
  public boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append((char) c);
    }
    throw new java.io.EOFException("connection closed after: " + sb);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
