package dev.sluice.echo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A plain socket speaking hand-written HTTP/1.1, for what the JDK client cannot send. */
final class RawConnection implements AutoCloseable {

  /** A response; {@code headers} keeps the names as sent. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(header -> header.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  private final Socket socket;
  private final InputStream in;

  RawConnection(InetSocketAddress address) throws IOException {
    this(new Socket(address.getAddress(), address.getPort()));
  }

  /** Speaks over an already connected socket, for example a TLS one. */
  RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5_000);
    in = socket.getInputStream();
  }

  void send(String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads one response; {@code headOnly} for responses to HEAD, which have no body. */
  Response read(boolean headOnly) throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon), line.substring(colon + 1).trim());
    }
    int length = headOnly ? 0 : contentLength(headers);
    byte[] body = in.readNBytes(length);
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static int contentLength(Map<String, String> headers) {
    String length = new Response(0, headers, "").header("content-length");
    return length == null ? 0 : Integer.parseInt(length);
  }

  Response read() throws IOException {
    return read(false);
  }

  /** -1 when the server closed the connection in an orderly way. */
  int readByte() throws IOException {
    return in.read();
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the middle of a response head");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
