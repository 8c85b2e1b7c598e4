package dev.sluice.source.folder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * First pass over a multi-document YAML text: finds each document's first line and reads its {@code
 * apiVersion}, {@code kind} and {@code metadata.name/namespace} without binding anything, so that
 * the second pass can pick the model class. Also finds what the binder could not report well:
 * documents that are not mappings, and YAML aliases (which the parser does not expand). Syntax
 * errors surface here, as {@link JacksonException}s carrying their location.
 *
 * <p>Confined to the calling thread; one instance per scan.
 */
final class DocumentScanner {

  /**
   * Something wrong with a document that the scan found.
   *
   * @param document the 0-based index of the document
   * @param line the 1-based line
   */
  record Misfit(int document, int line, String message) {}

  /** The scan of one file: the mapping documents, and what is wrong with the others. */
  record Scan(List<DocumentHeader> documents, List<Misfit> misfits) {

    boolean hasMisfit(int document) {
      return misfits.stream().anyMatch(m -> m.document() == document);
    }
  }

  private final List<DocumentHeader> documents = new ArrayList<>();
  private final List<Misfit> misfits = new ArrayList<>();
  private int index; // of the document being scanned

  private DocumentScanner() {}

  static Scan scan(String text) {
    DocumentScanner scanner = new DocumentScanner();
    try (JsonParser parser = ModelMapper.INSTANCE.createParser(text)) {
      scanner.documents(parser);
    }
    return new Scan(List.copyOf(scanner.documents), List.copyOf(scanner.misfits));
  }

  private void documents(JsonParser parser) {
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      int line = parser.currentTokenLocation().getLineNr();
      if (token == JsonToken.START_OBJECT) {
        documents.add(header(parser, line));
      } else if (token != JsonToken.VALUE_NULL) {
        String found = describe(token);
        String message = "expected a mapping with apiVersion and kind, found " + found;
        misfits.add(new Misfit(index, line, message));
        skip(parser);
      }
      index++;
    }
  }

  /** Reads a document's top-level scalars and metadata; leaves the parser on its END_OBJECT. */
  private DocumentHeader header(JsonParser parser, int line) {
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
  private void collect(JsonParser parser, String prefix, Map<String, String> values) {
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && !isAlias(parser)) {
        values.put(prefix + name, parser.getString());
      } else if (value == JsonToken.START_OBJECT && prefix.isEmpty() && name.equals("metadata")) {
        collect(parser, "metadata.", values);
      } else {
        skip(parser);
      }
    }
  }

  /** Skips the value the parser is on, noting any alias inside it. */
  private void skip(JsonParser parser) {
    int depth = 0;
    JsonToken token = parser.currentToken();
    do {
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd()) {
        depth--;
      } else if (isAlias(parser)) {
        int line = parser.currentTokenLocation().getLineNr();
        String message =
            "YAML alias *%s is not supported; write the value out".formatted(parser.getString());
        misfits.add(new Misfit(index, line, message));
      }
    } while (depth > 0 && (token = parser.nextToken()) != null);
  }

  private static boolean isAlias(JsonParser parser) {
    return parser instanceof YAMLParser yaml && yaml.isCurrentAlias();
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
