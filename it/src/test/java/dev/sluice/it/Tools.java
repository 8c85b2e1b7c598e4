package dev.sluice.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command-line clients users test gateways with (curl, openssl, h2load). A test that
 * needs a missing tool is skipped with the reason; {@code .ci/run} installs them all.
 */
final class Tools {

  private Tools() {}

  record Result(int exitCode, String output) {}

  static void require(String tool) {
    boolean found =
        List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream()
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    assumeTrue(found, tool + " is not installed (apt-get install it; .ci/run does)");
  }

  /** Runs {@code command} with stdin closed, stderr merged into the output, within 30 s. */
  static Result run(String... command) {
    require(command[0]);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
