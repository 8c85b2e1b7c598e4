package dev.sluice.conformance;

import dev.sluice.conformance.checks.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The upstream WebSocket check (notes §2.13): dial {@code ws://<gateway>/ws}, send a text frame and
 * then a binary frame, and expect each echoed back; three times in a row. Stateless.
 */
final class WebSocketCheck {

  static final String TEXT = "Websocket Support!";
  static final byte[] BINARY = {1, 2, 3, 4, 5, 6, 7};

  private WebSocketCheck() {}

  static void expectEcho(String address, String origin) {
    Eventually.consistent("WebSocket echo via " + address, () -> attempt(address, origin));
  }

  private static Optional<String> attempt(String address, String origin) {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      Frames frames = new Frames();
      WebSocket socket =
          client
              .newWebSocketBuilder()
              .header("Origin", origin)
              .buildAsync(URI.create("ws://" + address + ":80/ws"), frames)
              .get(10, TimeUnit.SECONDS);
      try {
        socket.sendText(TEXT, true).get(10, TimeUnit.SECONDS);
        Object text = frames.next().get(10, TimeUnit.SECONDS);
        if (!TEXT.equals(text)) {
          return Optional.of("text frame echoed as " + text);
        }
        socket.sendBinary(ByteBuffer.wrap(BINARY), true).get(10, TimeUnit.SECONDS);
        Object binary = frames.next().get(10, TimeUnit.SECONDS);
        if (!(binary instanceof byte[] bytes) || !Arrays.equals(bytes, BINARY)) {
          return Optional.of("binary frame echoed as " + binary);
        }
        return Optional.empty();
      } finally {
        socket.abort();
      }
    } catch (Exception e) {
      return Optional.of("WebSocket exchange failed: " + e);
    }
  }

  /** Collects whole messages; each {@link #next} future completes with the next one. */
  private static final class Frames implements WebSocket.Listener {
    private final java.util.concurrent.LinkedBlockingQueue<Object> messages =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    CompletableFuture<Object> next() {
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              Object message = messages.poll(10, TimeUnit.SECONDS);
              if (message == null) {
                throw new IllegalStateException("no message echoed within 10s");
              }
              return message;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          });
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      socket.request(1);
      return null;
    }
  }
}
