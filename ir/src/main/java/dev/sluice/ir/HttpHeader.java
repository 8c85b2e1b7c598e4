package dev.sluice.ir;

import java.util.Objects;

/** A header name and value, as written in config. */
public record HttpHeader(String name, String value) {

  public HttpHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
