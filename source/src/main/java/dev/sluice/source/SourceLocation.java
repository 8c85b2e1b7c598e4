package dev.sluice.source;

import java.util.Objects;

/**
 * Where an object or a problem is in the config files.
 *
 * @param file the file path as given or found
 * @param line 1-based line number, or 0 when unknown
 */
public record SourceLocation(String file, int line) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
