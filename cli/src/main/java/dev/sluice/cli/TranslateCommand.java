package dev.sluice.cli;

import dev.sluice.admin.IrJson;
import dev.sluice.server.OfflineTranslation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice translate}: prints the IR a config translates to. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    header = "Print the IR that a config translates to, as JSON.",
    description = {
      "Print the IR (listeners, virtual hosts, routes, filters, backends) that a config"
          + " translates to, as JSON: what the data plane would serve. Problems go to stderr."
    })
final class TranslateCommand implements Callable<Integer> {

  @Mixin ConfigOptions config;

  @Override
  public Integer call() {
    OfflineTranslation.Result result = OfflineTranslation.translate(config.toServerOptions());
    result.report().problems().forEach(problem -> System.err.println(problem));
    System.out.println(IrJson.toJson(result.ir()));
    return 0;
  }
}
