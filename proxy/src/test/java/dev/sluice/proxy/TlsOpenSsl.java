package dev.sluice.proxy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code openssl} binary (installed by {@code .ci/run}); a test that needs it is
 * skipped with the reason when it is missing. Each run is bounded by a deadline. Thread-safe.
 */
final class TlsOpenSsl implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  record Result(int exitCode, String output) {}

  private final Process process;
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private final Thread reader;

  private TlsOpenSsl(Process process) {
    this.process = process;
    this.reader = Thread.ofVirtual().start(this::drain);
  }

  static void require() {
    boolean found =
        List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream()
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "openssl")));
    assumeTrue(found, "openssl is not installed (apt-get install openssl; .ci/run does)");
  }

  /** Runs {@code openssl args…} with {@code stdin} as its input, to completion. */
  static Result run(String stdin, String... args) {
    try (TlsOpenSsl openssl = start(args)) {
      openssl.write(stdin);
      openssl.closeInput();
      return openssl.awaitExit();
    }
  }

  /** Starts {@code openssl args…} with its input left open, for interactive use. */
  static TlsOpenSsl start(String... args) {
    require();
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      return new TlsOpenSsl(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (bounded) until the output contains {@code marker}; false if the process ended first. */
  boolean awaitOutput(String marker) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().contains(marker)) {
        return true;
      }
      if (!process.isAlive()) {
        return output().contains(marker);
      }
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  void write(String text) {
    try {
      OutputStream in = process.getOutputStream();
      in.write(text.getBytes(StandardCharsets.ISO_8859_1));
      in.flush();
    } catch (IOException e) {
      // openssl already exited; its output says why
    }
  }

  void closeInput() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Waits for the process to end, failing the test if it outlives the deadline. */
  Result awaitExit() {
    try {
      if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("openssl did not finish in " + DEADLINE + ":\n" + output());
      }
      reader.join(DEADLINE.toMillis());
      return new Result(process.exitValue(), output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String output() {
    synchronized (output) {
      return output.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void drain() {
    try (InputStream in = process.getInputStream()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (output) {
          output.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
