package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code sluice} command; every action is a subcommand ({@link Main} adds them). */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Sluice: a Kubernetes Gateway API gateway that also runs standalone from a folder"
          + " of YAML.",
      "",
      "Run `sluice run` for a demo on http://127.0.0.1:8080, or `sluice run --config "
          + "DIR` to serve your own Gateways, HTTPRoutes, Services and EndpointSlices."
    })
final class SluiceCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command (try: sluice run)");
  }
}
