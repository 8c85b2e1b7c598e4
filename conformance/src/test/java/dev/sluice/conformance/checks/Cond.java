package dev.sluice.conformance.checks;

import tools.jackson.databind.JsonNode;

/**
 * An expected status condition; an empty {@code status} or {@code reason} matches any (§5.7).
 *
 * @param type e.g. {@code Accepted}
 * @param status {@code True}, {@code False} or empty
 * @param reason e.g. {@code NoMatchingParent}, or empty
 */
public record Cond(String type, String status, String reason) {

  public static Cond isTrue(String type, String reason) {
    return new Cond(type, "True", reason);
  }

  public static Cond isTrue(String type) {
    return new Cond(type, "True", "");
  }

  public static Cond isFalse(String type, String reason) {
    return new Cond(type, "False", reason);
  }

  public static Cond isFalse(String type) {
    return new Cond(type, "False", "");
  }

  /** Whether some entry of {@code conditions} matches. */
  public boolean in(JsonNode conditions) {
    for (JsonNode condition : conditions) {
      if (condition.path("type").asString("").equals(type)
          && (status.isEmpty() || condition.path("status").asString("").equals(status))
          && (reason.isEmpty() || condition.path("reason").asString("").equals(reason))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return type + "=" + (status.isEmpty() ? "*" : status) + (reason.isEmpty() ? "" : "/" + reason);
  }
}
