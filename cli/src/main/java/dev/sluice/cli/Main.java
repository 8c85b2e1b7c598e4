package dev.sluice.cli;

import picocli.CommandLine;

/** Entry point of the {@code sluice} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (0 success, 1 invalid config, 2 usage). */
  public static int execute(String... args) {
    return new CommandLine(new SluiceCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setUsageHelpAutoWidth(true)
        .execute(args);
  }
}
