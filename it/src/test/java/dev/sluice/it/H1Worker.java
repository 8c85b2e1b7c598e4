package dev.sluice.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * One HTTP/1.1 keep-alive client on a raw socket for {@link NothingLostTest}: sends requests one
 * after the other on the same connection (a new one when the server said {@code Connection: close}
 * or closed) and files each under an {@link Outcomes.Kind}. Confined to its own thread.
 */
final class H1Worker implements Runnable {

  private final int port;
  private final String name;
  private final int cap;
  private final BooleanSupplier stop;
  private final Outcomes outcomes;
  private final NotProcessed notProcessed;
  private Socket socket;
  private InputStream in;

  /** Where the paths of requests filed as "not processed" go, to check no backend saw them. */
  interface NotProcessed {
    void add(String path);
  }

  H1Worker(
      int port,
      String name,
      int cap,
      BooleanSupplier stop,
      Outcomes outcomes,
      NotProcessed notProcessed) {
    this.port = port;
    this.name = name;
    this.cap = cap;
    this.stop = stop;
    this.outcomes = outcomes;
    this.notProcessed = notProcessed;
  }

  @Override
  public void run() {
    for (int i = 0; i < cap && !stop.getAsBoolean(); i++) {
      outcomes.attempt();
      String path = "/nl/" + name + "-" + i;
      try {
        one(path, i % 2 == 0 ? "?delay=10ms" : "");
      } catch (IOException e) {
        outcomes.lost(path + ": " + e);
        closeQuietly();
      }
    }
    closeQuietly();
  }

  private void one(String path, String query) throws IOException {
    if (socket == null) {
      try {
        socket = new Socket("127.0.0.1", port);
      } catch (ConnectException refused) {
        // Listener socket closed: nothing of the request was sent.
        notProcessed(path, "connection refused");
        return;
      }
      socket.setSoTimeout(15_000);
      in = new BufferedInputStream(socket.getInputStream());
    }
    byte[] request =
        ("GET " + path + query + " HTTP/1.1\r\nHost: app.example\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    int first;
    try {
      socket.getOutputStream().write(request);
      first = in.read();
    } catch (IOException resetBeforeAnyByte) {
      first = -1;
    }
    if (first < 0) {
      // The server closes an idle connection (drain) without reading from it; a request it read is
      // always answered. The backend check in the test proves this one reached no backend.
      closeQuietly();
      notProcessed(path, "closed before any response byte");
      return;
    }
    readResponse(path, first);
  }

  private void readResponse(String path, int first) throws IOException {
    String statusLine = (char) first + line();
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    long length = -1;
    boolean close = false;
    for (String l = line(); !l.isEmpty(); l = line()) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(l.substring(15).strip());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    if (length < 0) {
      outcomes.lost(path + ": response without Content-Length: " + statusLine);
      closeQuietly();
      return;
    }
    String body = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
    if (body.length() < length) {
      throw new EOFException("body cut short");
    }
    file(path, status, body);
    if (close) {
      closeQuietly();
    }
  }

  private void file(String path, int status, String body) {
    if (status == 200 && EchoJson.path(body).split("\\?")[0].equals(path)) {
      outcomes.relayed();
    } else if (status != 200 && !body.isBlank()) {
      outcomes.generated(status, body);
    } else {
      outcomes.lost(path + ": " + status + " " + body);
    }
  }

  private void notProcessed(String path, String how) {
    notProcessed.add(path);
    outcomes.notProcessed(path + ": " + how);
  }

  private String line() throws IOException {
    ByteArrayOutputStream sb = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("response cut short after: " + sb);
      }
      if (c != '\r') {
        sb.write(c);
      }
    }
    return sb.toString(StandardCharsets.ISO_8859_1);
  }

  private void closeQuietly() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
      socket = null;
    }
  }
}
