package dev.sluice.source;

import java.util.Objects;
import java.util.Optional;

/**
 * Something wrong with the config, told so that a user can fix it: where (file and line), which
 * object, which field, and what was expected.
 *
 * @param severity {@code ERROR} when an object or file was rejected, {@code WARNING} otherwise
 * @param location the file and line, when known
 * @param object the object concerned, when known
 * @param field the field path, e.g. {@code spec.rules[0].backendRefs[1].name}; empty for the whole
 *     object or file
 * @param message what is wrong and what was expected
 */
public record Problem(
    Severity severity,
    Optional<SourceLocation> location,
    Optional<ObjectRef> object,
    String field,
    String message) {

  /** How bad a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** One line: {@code file:line: ERROR HTTPRoute ns/name: spec.x: message}. */
  @Override
  public String toString() {
    StringBuilder line = new StringBuilder();
    location.ifPresent(l -> line.append(l).append(": "));
    line.append(severity).append(' ');
    object.ifPresent(o -> line.append(o).append(": "));
    if (!field.isEmpty()) {
      line.append(field).append(": ");
    }
    return line.append(message).toString();
  }
}
