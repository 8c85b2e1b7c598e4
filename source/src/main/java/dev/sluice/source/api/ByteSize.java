package dev.sluice.source.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A size as written in the config: a Kubernetes quantity such as {@code 64Ki} or {@code 1Mi}, or a
 * plain integer. Kept as text (equal when the text is equal) and parsed by the translator, so that
 * a malformed value becomes a status condition and comparing configs can never fail. (fabric8's
 * {@code Quantity} compares numerically and throws on malformed text, which would break the reload
 * loop's change detection.)
 *
 * <p>Immutable.
 *
 * @param text the value as written, e.g. {@code 8Ki}
 */
public record ByteSize(String text) {

  public ByteSize {
    Objects.requireNonNull(text, "text");
  }

  /**
   * Binds a YAML string or integer.
   *
   * @throws IllegalArgumentException for any other value (a mapping, a list, a boolean, a fraction
   *     written as a number), which the folder source reports with its line
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ByteSize of(Object value) {
    if (value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof java.math.BigInteger) {
      return new ByteSize(value.toString());
    }
    throw new IllegalArgumentException(
        "size " + value + " (expected: a quantity such as 64Ki or 1Mi, or an integer)");
  }

  @JsonValue
  @Override
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
