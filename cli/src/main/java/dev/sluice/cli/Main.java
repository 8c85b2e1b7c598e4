package dev.sluice.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Entry point of the {@code sluice} command. */
public final class Main {

  /**
   * The subcommands in the order {@code --help} lists them. Picocli builds a command's model by
   * reflecting over its annotations when the command is registered, which costs tens of
   * milliseconds per command on a fresh JVM; a command line that names its subcommand registers
   * only that one, so {@code sluice run} starts without modelling the other five.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (0 success, 1 invalid config, 2 usage). */
  public static int execute(String... args) {
    return commandLine(args).execute(args);
  }

  /**
   * The command line for {@code args}: with the subcommand {@code args[0]} names, or with every
   * subcommand when it names none (help, version, usage errors that list the commands).
   */
  static CommandLine commandLine(String... args) {
    CommandLine commandLine = new CommandLine(new SluiceCommand());
    Supplier<Object> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (named != null) {
      commandLine.addSubcommand(args[0], named.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
    // After the subcommands: these settings apply to the commands registered so far.
    return commandLine.setCaseInsensitiveEnumValuesAllowed(true).setUsageHelpAutoWidth(true);
  }

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("run", RunCommand::new);
    commands.put("validate", ValidateCommand::new);
    commands.put("translate", TranslateCommand::new);
    commands.put("status", StatusCommand::new);
    commands.put("echo", EchoCommand::new);
    commands.put("version", VersionCommand::new);
    return Collections.unmodifiableMap(commands);
  }
}
