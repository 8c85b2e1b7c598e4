package dev.sluice.source.folder;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.SourceLocation;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;

/**
 * Skips fields the model does not know, and records a warning for each: the API server prunes them
 * too, but a typo such as {@code hostname} for {@code hostnames} deserves a hint.
 *
 * <p>Confined to the thread binding one document.
 */
final class UnknownFieldCollector extends DeserializationProblemHandler {

  private final String file;
  private final Optional<ObjectRef> object;
  private final List<Problem> problems;

  UnknownFieldCollector(String file, Optional<ObjectRef> object, List<Problem> problems) {
    this.file = file;
    this.object = object;
    this.problems = problems;
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext context,
      JsonParser parser,
      ValueDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName) {
    int line = parser.currentTokenLocation().getLineNr();
    String field = FieldPaths.of(parser.streamReadContext());
    if (parser.currentToken() != null && parser.currentToken().isStructStart()) {
      // The parser has entered the value already, so the context is one level too deep.
      field = FieldPaths.of(parser.streamReadContext().getParent());
    }
    problems.add(
        new Problem(
            Problem.Severity.WARNING,
            Optional.of(new SourceLocation(file, line)),
            object,
            field,
            "unknown field \"" + propertyName + "\", ignored"));
    parser.skipChildren();
    return true;
  }
}
