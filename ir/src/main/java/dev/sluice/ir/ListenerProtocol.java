package dev.sluice.ir;

/** What a bound socket speaks. */
public enum ListenerProtocol {
  /** Cleartext HTTP/1.1. */
  HTTP
}
