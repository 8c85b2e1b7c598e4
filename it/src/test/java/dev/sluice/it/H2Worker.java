package dev.sluice.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * One JDK HTTP/2 (h2c) client for {@link NothingLostTest}: sends requests one after the other and
 * files each under an {@link Outcomes.Kind}. Sends no {@code Host} header: the route matches any
 * host, and {@code :authority} alone is what an HTTP/2 client normally sends. Confined to its own
 * thread; owns its client.
 */
final class H2Worker implements Runnable {

  private final int port;
  private final String name;
  private final int cap;
  private final BooleanSupplier stop;
  private final Outcomes outcomes;
  private final H1Worker.NotProcessed notProcessed;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_2)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private volatile boolean sawHttp2;

  H2Worker(
      int port,
      String name,
      int cap,
      BooleanSupplier stop,
      Outcomes outcomes,
      H1Worker.NotProcessed notProcessed) {
    this.port = port;
    this.name = name;
    this.cap = cap;
    this.stop = stop;
    this.outcomes = outcomes;
    this.notProcessed = notProcessed;
  }

  boolean sawHttp2() {
    return sawHttp2;
  }

  @Override
  public void run() {
    try (client) {
      for (int i = 0; i < cap && !stop.getAsBoolean(); i++) {
        outcomes.attempt();
        one("/nl/" + name + "-" + i, i % 2 == 0 ? "?delay=10ms" : "");
      }
    }
  }

  private void one(String path, String query) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + query))
            .timeout(Duration.ofSeconds(15))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      sawHttp2 |= response.version() == HttpClient.Version.HTTP_2;
      if (response.statusCode() == 200
          && EchoJson.path(response.body()).split("\\?")[0].equals(path)) {
        outcomes.relayed();
      } else if (response.statusCode() != 200 && !response.body().isBlank()) {
        outcomes.generated(response.statusCode(), response.body());
      } else {
        outcomes.lost(path + ": " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      String signal = notProcessedSignal(e);
      if (signal.isEmpty()) {
        outcomes.lost(path + ": " + chain(e));
      } else {
        notProcessed.add(path);
        outcomes.notProcessed(path + ": " + signal);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcomes.lost(path + ": interrupted");
    }
  }

  /**
   * Names the "not processed" signal in {@code e}'s causes: connection refused, or the client's
   * report of a GOAWAY that excluded the stream or a REFUSED_STREAM; "" when there is none.
   */
  static String notProcessedSignal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      String message = String.valueOf(t.getMessage()).toUpperCase(Locale.ROOT);
      // "Idle connection closed": the peer closed a connection with no open stream, after its
      // GOAWAY, so the stream the client then opened was never read.
      if (message.contains("GOAWAY")
          || message.contains("REFUSED_STREAM")
          || message.contains("IDLE CONNECTION CLOSED")) {
        return t.getMessage();
      }
    }
    return "";
  }

  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append(" <- ");
    }
    return sb.toString();
  }
}
