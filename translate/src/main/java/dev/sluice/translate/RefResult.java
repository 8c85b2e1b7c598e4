package dev.sluice.translate;

import java.util.Objects;

/**
 * The result of following a reference to a Secret or ConfigMap: the value, or why it could not be
 * used. Immutable.
 *
 * @param <T> the value found
 */
sealed interface RefResult<T> {

  /** Why a reference failed; callers turn it into the reason their condition needs. */
  enum Failure {
    /** The group or kind is not one the field accepts. */
    KIND,
    /** The object is in another namespace and no ReferenceGrant allows it. */
    NOT_PERMITTED,
    /** The object does not exist or its content is unusable. */
    INVALID
  }

  record Ok<T>(T value) implements RefResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  record Failed<T>(Failure failure, String message) implements RefResult<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(message, "message");
    }
  }
}
