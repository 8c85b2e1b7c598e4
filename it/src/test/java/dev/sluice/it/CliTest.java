package dev.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.Main;
import dev.sluice.testing.FreePorts;
import dev.sluice.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sluice command: validate, translate and status explain the config and its problems. */
class CliTest {

  @TempDir Path dir;

  @Test
  void validateAcceptsTheQuickstartExample() {
    Run run = run("validate", "--config", Path.of("..", "examples", "quickstart").toString());

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("Gateway", "default/demo", "HTTPRoute", "Accepted");
  }

  @Test
  void validateExplainsEveryRejectedObjectAndExitsNonZero() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        Yaml.docs(
            Yaml.GATEWAY_CLASS, Yaml.gateway("gw", 8080), Yaml.route("r", "gw", "/", "missing")));
    Files.writeString(dir.resolve("broken.yaml"), "kind: [unclosed\n");

    Run run = run("validate", "--config", dir.toString());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.out).contains("BackendNotFound").contains("broken.yaml:1");
    assertThat(run.out).contains("HTTPRoute default/r");
  }

  @Test
  void translatePrintsTheIr() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        Yaml.docs(
            Yaml.GATEWAY_CLASS, Yaml.gateway("gw", 8080), Yaml.route("r", "gw", "/api", "svc")));

    Run run = run("translate", "--config", dir.toString());

    assertThat(run.exitCode).isZero();
    assertThat(StatusJson.parse(run.out).path("listeners").path(0).path("port").asInt())
        .isEqualTo(8080);
    assertThat(run.out).contains("/api");
  }

  @Test
  void statusReadsARunningInstance() throws Exception {
    int port = FreePorts.next();
    try (TestGateway gateway =
        TestGateway.start(
            "gateway.yaml", Yaml.docs(Yaml.GATEWAY_CLASS, Yaml.gateway("gw", port)))) {
      String admin = "127.0.0.1:" + gateway.admin().getPort();

      Run table = run("status", "--admin", admin);
      Run yaml = run("status", "--admin", admin, "-o", "yaml");

      assertThat(table.exitCode).isZero();
      assertThat(table.out).contains("Gateway", "default/gw", "Programmed", "listener");
      assertThat(yaml.out).contains("kind: List", "observedGeneration");
    }
  }

  @Test
  void statusSaysWhenNothingIsRunning() {
    Run run = run("status", "--admin", "127.0.0.1:" + FreePorts.next());

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.err).contains("cannot reach the admin API");
  }

  @Test
  void helpExplainsEveryCommand() {
    Run run = run("--help");

    assertThat(run.out).contains("run", "validate", "translate", "status", "echo", "version");
  }

  private static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Run(
          code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  private record Run(int exitCode, String out, String err) {}
}
