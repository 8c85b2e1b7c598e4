package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code sluice version}: prints the version of Sluice and of the Java runtime. */
@Command(name = "version", description = "Print the version of Sluice and of the Java runtime.")
final class VersionCommand implements Runnable {

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      System.out.println(line);
    }
  }

  /** Reads the version from the jar manifest; "development" when run from classes. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = VersionCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "sluice " + (version == null ? "development" : version),
        "java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
