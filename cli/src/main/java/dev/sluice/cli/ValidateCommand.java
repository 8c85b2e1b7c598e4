package dev.sluice.cli;

import dev.sluice.server.OfflineTranslation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code sluice validate}: translates a config offline and explains every problem. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Check a config without serving it; exit 1 when any object is not accepted.",
    description = {
      "Check a config without serving it: print the status every object would get and "
          + "every problem (file:line, object, field, what was expected). Binds nothing. Exit"
          + " code 0 when every object is fully accepted, 1 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {

  @Mixin ConfigOptions config;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() {
    OfflineTranslation.Result result = OfflineTranslation.translate(config.toServerOptions());
    JsonNode list = OutputFormat.tree(result.report().toKubernetesList());
    System.out.print(output.renderStatus(list));
    boolean ok = StatusTable.allAccepted(list);
    System.err.println(
        ok
            ? "valid: every object is accepted"
            : "invalid: " + result.report().problems().size() + " problem(s), see above");
    return ok ? 0 : 1;
  }
}
