package dev.sluice.testing;

import dev.sluice.server.ServerOptions;
import dev.sluice.server.SluiceServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Sluice serving a temporary config folder that a test writes YAML into; the folder is
 * watched, so every {@link #write} is a live reload. The admin API listens on an ephemeral loopback
 * port.
 *
 * <p>Thread-safe; close it after the test.
 */
public final class TestGateway implements AutoCloseable {

  private final Path dir;
  private final SluiceServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestGateway(Path dir, SluiceServer server) {
    this.dir = dir;
    this.server = server;
  }

  /** Writes {@code files} (name, YAML, name, YAML, ...) to a new folder and serves it. */
  public static TestGateway start(String... namesAndYaml) throws InterruptedException {
    try {
      Path dir = Files.createTempDirectory("sluice-test-");
      for (int i = 0; i + 1 < namesAndYaml.length; i += 2) {
        Files.writeString(dir.resolve(namesAndYaml[i]), namesAndYaml[i + 1]);
      }
      ServerOptions options =
          ServerOptions.of(List.of(dir))
              .withAdmin(Optional.of(new InetSocketAddress("127.0.0.1", 0)))
              .withGatewayAddress("127.0.0.1");
      return new TestGateway(dir, SluiceServer.start(options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SluiceServer server() {
    return server;
  }

  public Path dir() {
    return dir;
  }

  /** Writes (or replaces) a config file and waits until the change has been applied. */
  public void write(String name, String yaml) {
    long before = server.configGeneration();
    try {
      Path file = dir.resolve(name);
      Path temp = dir.resolve("." + name + ".tmp");
      Files.writeString(temp, yaml);
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until("config change to " + name + " applied", () -> server.configGeneration() > before);
  }

  /** Deletes a config file and waits until the change has been applied. */
  public void delete(String name) {
    long before = server.configGeneration();
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until("deletion of " + name + " applied", () -> server.configGeneration() > before);
  }

  /** The admin API base URI, e.g. {@code http://127.0.0.1:41234}. */
  public URI admin() {
    InetSocketAddress address = server.adminAddress().orElseThrow();
    return URI.create("http://127.0.0.1:" + address.getPort());
  }

  /** Sends a GET through the gateway with the given Host header. */
  public HttpResponse<String> get(int port, String host, String pathAndQuery) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .header("Host", host)
            .timeout(Duration.ofSeconds(10))
            .build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient client() {
    return client;
  }

  @Override
  public void close() {
    server.close();
    client.close();
  }
}
