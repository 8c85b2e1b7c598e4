package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line registers the subcommand it names, or all of them when it names none. */
class MainTest {

  private static final String[] ALL = {"run", "validate", "translate", "status", "echo", "version"};

  @Test
  void aNamedSubcommandIsTheOnlyOneRegistered() {
    CommandLine commandLine = Main.commandLine("run", "--config", "somewhere");

    assertThat(commandLine.getSubcommands()).containsOnlyKeys("run");
  }

  @Test
  void withoutASubcommandEveryOneIsRegisteredInHelpOrder() {
    assertThat(Main.commandLine().getSubcommands().keySet()).containsExactly(ALL);
    assertThat(Main.commandLine("--help").getSubcommands().keySet()).containsExactly(ALL);
    assertThat(Main.commandLine("rnu").getSubcommands().keySet()).containsExactly(ALL);
  }

  @Test
  void helpListsEveryCommand() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.commandLine("--help");
    commandLine.setOut(new PrintWriter(out));

    assertThat(commandLine.execute("--help")).isZero();
    assertThat(out.toString()).contains(ALL);
    // Each command's summary is a whole sentence, not the first line of a wrapped description.
    assertThat(out.toString()).contains("Check a config without serving it;");
  }

  @Test
  void aSubcommandsUsageNamesItsParent() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.commandLine("run", "--help");
    commandLine.setOut(new PrintWriter(out));

    assertThat(commandLine.execute("run", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: sluice run ");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine("rnu");
    commandLine.setErr(new PrintWriter(err));

    assertThat(commandLine.execute("rnu")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument", "run", "validate");
  }

  @Test
  void settingsReachTheRegisteredSubcommand() {
    CommandLine run = Main.commandLine("run").getSubcommands().get("run");

    assertThat(run.isCaseInsensitiveEnumValuesAllowed()).isTrue();
    assertThat(run.getCommandSpec().usageMessage().autoWidth()).isTrue();
  }
}
