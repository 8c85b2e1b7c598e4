package dev.sluice.proxy.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a just-accepted connection over a connection cap, as cheaply as possible: nothing is
 * read; a cleartext HTTP client gets a fixed {@code 503} with {@code Retry-After: 1} (so that it
 * backs off instead of reconnecting at once), anything else is simply closed. Stateless.
 */
public final class RefuseConnection {

  private static final byte[] HTTP_503 =
      ("HTTP/1.1 503 Service Unavailable\r\n"
              + "Retry-After: 1\r\n"
              + "Content-Length: 0\r\n"
              + "Connection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private RefuseConnection() {}

  /** Refuses {@code ch}; {@code http} says whether it is a cleartext HTTP listener. */
  public static void refuse(Channel ch, boolean http) {
    if (http) {
      ch.writeAndFlush(Unpooled.wrappedBuffer(HTTP_503)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ch.close();
    }
  }
}
