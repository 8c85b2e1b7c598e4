package dev.sluice.source.folder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * First pass over a multi-document YAML text: finds each document's first line and reads its
 * {@code apiVersion}, {@code kind} and {@code metadata.name/namespace} without binding anything, so
 * that the second pass can pick the model class. Syntax errors surface here, as {@link
 * JacksonException}s carrying their location.
 *
 * <p>Stateless; each call uses its own parser.
 */
final class DocumentScanner {

  /** A document whose top level is not a mapping. */
  record NotAMapping(int line, String found) {}

  /** The scan of one file: the mapping documents, and the documents that are not mappings. */
  record Scan(List<DocumentHeader> documents, List<NotAMapping> notMappings) {}

  private DocumentScanner() {}

  static Scan scan(String text) {
    List<DocumentHeader> documents = new ArrayList<>();
    List<NotAMapping> notMappings = new ArrayList<>();
    try (JsonParser parser = ModelMapper.INSTANCE.createParser(text)) {
      int index = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
          documents.add(header(parser, index, line));
        } else if (token != JsonToken.VALUE_NULL) {
          notMappings.add(new NotAMapping(line, describe(token)));
          parser.skipChildren();
        }
        index++;
      }
    }
    return new Scan(documents, notMappings);
  }

  /** Reads a document's top-level scalars and metadata; leaves the parser on its END_OBJECT. */
  private static DocumentHeader header(JsonParser parser, int index, int line) {
    Map<String, String> values = new HashMap<>();
    collect(parser, "", values);
    return new DocumentHeader(
        index,
        line,
        Optional.ofNullable(values.get("apiVersion")),
        Optional.ofNullable(values.get("kind")),
        Optional.ofNullable(values.get("metadata.name")),
        Optional.ofNullable(values.get("metadata.namespace")));
  }

  /**
   * Collects the string values of a mapping, recursing one level into {@code metadata} (whose keys
   * are then prefixed with {@code metadata.}); everything else is skipped.
   */
  private static void collect(JsonParser parser, String prefix, Map<String, String> values) {
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        values.put(prefix + name, parser.getString());
      } else if (value == JsonToken.START_OBJECT && prefix.isEmpty() && name.equals("metadata")) {
        collect(parser, "metadata.", values);
      } else {
        parser.skipChildren();
      }
    }
  }

  static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }
}
