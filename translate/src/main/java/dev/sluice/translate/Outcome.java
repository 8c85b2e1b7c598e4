package dev.sluice.translate;

import java.util.Objects;

/**
 * The value of one status condition before it is written: type, truth, reason and a message for
 * people. Immutable.
 */
record Outcome(String type, boolean status, String reason, String message) {

  Outcome {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  static Outcome ok(String type, String reason, String message) {
    return new Outcome(type, true, reason, message);
  }

  static Outcome fail(String type, String reason, String message) {
    return new Outcome(type, false, reason, message);
  }
}
