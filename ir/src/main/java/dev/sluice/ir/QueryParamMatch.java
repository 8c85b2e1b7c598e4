package dev.sluice.ir;

import java.util.Objects;

/**
 * A query parameter condition. The name compares case-sensitively; when the parameter repeats, the
 * first value is compared.
 */
public record QueryParamMatch(String name, ValueMatchKind kind, String value) {

  public QueryParamMatch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
