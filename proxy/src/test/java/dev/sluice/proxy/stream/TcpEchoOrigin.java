package dev.sluice.proxy.stream;

import dev.sluice.ir.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking TCP origin on an ephemeral loopback port: echoes every byte; when the client ends its
 * output it answers {@code <name>:bye} and closes. A resetting origin resets instead. Thread-safe;
 * one virtual thread per connection.
 */
final class TcpEchoOrigin implements AutoCloseable {

  private final String name;
  private final boolean reset;
  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();

  TcpEchoOrigin(String name) throws IOException {
    this(name, false);
  }

  /**
   * @param reset whether to answer the first bytes of every connection with a TCP reset instead
   */
  TcpEchoOrigin(String name, boolean reset) throws IOException {
    this.name = name;
    this.reset = reset;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("origin-" + name).start(this::acceptLoop);
  }

  Endpoint endpoint() {
    return new Endpoint("127.0.0.1", server.getLocalPort());
  }

  int accepted() {
    return accepted.get();
  }

  byte[] bye() {
    return (name + ":bye").getBytes(StandardCharsets.US_ASCII);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        Thread.ofVirtual().start(() -> echo(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[32 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (reset) {
          socket.setSoLinger(true, 0);
          return;
        }
        out.write(buffer, 0, n);
      }
      out.write(bye());
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
