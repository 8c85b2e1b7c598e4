package dev.sluice.source.folder;

import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns Jackson binding errors into messages for people who write YAML, not Java: {@code expected
 * an integer, got "abc"} instead of {@code Cannot deserialize value of type java.lang.Integer}.
 *
 * <p>Stateless.
 */
final class BindingErrors {

  private BindingErrors() {}

  static String message(JacksonException error) {
    if (error instanceof InvalidFormatException invalid) {
      return "expected " + expectation(invalid.getTargetType()) + ", got " + quote(invalid);
    }
    if (error instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      String found =
          mismatch.processor() instanceof JsonParser parser && parser.currentToken() != null
              ? ", got " + found(parser)
              : "";
      return "expected " + expectation(mismatch.getTargetType()) + found;
    }
    return firstLine(error.getOriginalMessage());
  }

  /** The one-line gist of a YAML syntax error, without the snippet and caret lines. */
  static String syntax(JacksonException error) {
    StringBuilder out = new StringBuilder();
    for (String line : error.getOriginalMessage().split("\n")) {
      // snakeyaml puts the problem at column 0; context, snippet and caret lines are indented.
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        out.append(out.isEmpty() ? "" : "; ").append(line.strip());
      }
    }
    return out.isEmpty() ? firstLine(error.getOriginalMessage()) : out.toString();
  }

  private static String expectation(Class<?> type) {
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return Map.class.isAssignableFrom(type) || !type.isEnum() ? "a mapping" : "a " + type.getName();
  }

  /** The value the parser is on: scalars as written, structures by their shape. */
  private static String found(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return '"' + parser.getString() + '"';
    }
    return token.isScalarValue() && token != JsonToken.VALUE_NULL
        ? parser.getString()
        : DocumentScanner.describe(token);
  }

  private static String quote(InvalidFormatException invalid) {
    Object value = invalid.getValue();
    return value instanceof String text ? '"' + text + '"' : String.valueOf(value);
  }

  private static String firstLine(String message) {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
