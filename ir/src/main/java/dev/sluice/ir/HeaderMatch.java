package dev.sluice.ir;

import java.util.Objects;

/**
 * A header condition. The name compares case-insensitively. When the request repeats the header,
 * only the first value is compared, as the Gateway API allows.
 */
public record HeaderMatch(String name, ValueMatchKind kind, String value) {

  public HeaderMatch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
