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
  private final int documentLine;

  /**
   * @param documentLine where the document starts; the line reported when the parser cannot tell (a
   *     value Jackson buffered before binding it has no location)
   */
  UnknownFieldCollector(
      String file, Optional<ObjectRef> object, List<Problem> problems, int documentLine) {
    this.file = file;
    this.object = object;
    this.problems = problems;
    this.documentLine = documentLine;
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext context,
      JsonParser parser,
      ValueDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName) {
    int reported = parser.currentTokenLocation().getLineNr();
    int line = reported > 0 ? reported : documentLine;
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
