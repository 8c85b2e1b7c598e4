package dev.sluice.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client over one blocking socket that sends a fixed GET and reads
 * the whole response into a reused buffer, allocating nothing per exchange itself, so that JMH's
 * allocation profile shows the server side. Responses must carry Content-Length. Not thread-safe:
 * one benchmark thread owns it.
 */
final class BlockingHttpClient implements AutoCloseable {

  private static final byte[] CONTENT_LENGTH =
      "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request;
  private final byte[] buffer = new byte[64 * 1024];

  BlockingHttpClient(int port, String path) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    request =
        ("GET " + path + " HTTP/1.1\r\nHost: bench.local\r\nUser-Agent: bench\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends the request and reads the response; returns its status code. */
  int exchange() throws IOException {
    out.write(request);
    int length = 0;
    int headEnd = -1;
    while (headEnd < 0) {
      length += readInto(length);
      headEnd = indexOfHeadEnd(length);
    }
    int status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
    long remaining = contentLength(headEnd) - (length - headEnd);
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        throw new EOFException("connection closed with " + remaining + " body bytes missing");
      }
      remaining -= n;
    }
    return status;
  }

  private int readInto(int offset) throws IOException {
    if (offset == buffer.length) {
      throw new IOException("response head longer than " + buffer.length + " bytes");
    }
    int n = in.read(buffer, offset, buffer.length - offset);
    if (n < 0) {
      throw new EOFException("connection closed after " + offset + " bytes of a response head");
    }
    return n;
  }

  /** The index just past the blank line ending the head, or -1. */
  private int indexOfHeadEnd(int length) {
    for (int i = 3; i < length; i++) {
      if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  private long contentLength(int headEnd) throws IOException {
    outer:
    for (int i = 0; i + CONTENT_LENGTH.length < headEnd; i++) {
      for (int j = 0; j < CONTENT_LENGTH.length; j++) {
        if (Character.toLowerCase(buffer[i + j]) != CONTENT_LENGTH[j]) {
          continue outer;
        }
      }
      long value = 0;
      for (int k = i + CONTENT_LENGTH.length; buffer[k] != '\r'; k++) {
        value = buffer[k] == ' ' ? value : value * 10 + (buffer[k] - '0');
      }
      return value;
    }
    throw new IOException("response without Content-Length (expected a fixed-length response)");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
