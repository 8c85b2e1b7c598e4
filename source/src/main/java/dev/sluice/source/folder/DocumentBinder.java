package dev.sluice.source.folder;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;

/**
 * Second pass over a YAML text: binds chosen documents to their model classes straight from the
 * parser, so that binding errors and unknown fields carry the line of the offending value.
 *
 * <p>Confined to the thread that reads the file.
 */
final class DocumentBinder implements AutoCloseable {

  private final String file;
  private final DocumentCursor cursor;

  DocumentBinder(String file, String text) {
    this.file = file;
    this.cursor = new DocumentCursor(text);
  }

  /**
   * Binds one document; problems (binding errors, unknown fields) go to {@code problems}.
   *
   * @return the object, or empty when binding failed
   */
  Optional<HasMetadata> bind(DocumentHeader header, ResourceKind kind, List<Problem> problems) {
    Optional<ObjectRef> ref = provisionalRef(header, kind);
    JsonParser parser = cursor.seek(header.index());
    try {
      HasMetadata object =
          ModelMapper.INSTANCE
              .readerFor(kind.modelClass())
              .withHandler(new UnknownFieldCollector(file, ref, problems, header.line()))
              .readValue(parser);
      return Optional.of(object);
    } catch (JacksonException e) {
      problems.add(
          new Problem(
              Problem.Severity.ERROR,
              Optional.of(new SourceLocation(file, lineOf(e, header))),
              ref,
              FieldPaths.of(e.getPath()),
              BindingErrors.message(e)));
      cursor.reset(); // after the message, which reads the parser's current token
      return Optional.empty();
    } catch (RuntimeException e) {
      // A model class that rejects a value its own way; still the user's input, not our crash.
      problems.add(
          new Problem(
              Problem.Severity.ERROR,
              Optional.of(new SourceLocation(file, header.line())),
              ref,
              "",
              "cannot read " + kind.kind() + ": " + e.getMessage()));
      cursor.reset();
      return Optional.empty();
    }
  }

  /** The object's identity as far as the first pass could tell, to name it in problems. */
  static Optional<ObjectRef> provisionalRef(DocumentHeader header, ResourceKind kind) {
    String namespace = kind.namespaced() ? header.namespace().orElse("default") : "";
    return header.name().map(name -> new ObjectRef(kind.kind(), namespace, name));
  }

  private static int lineOf(JacksonException e, DocumentHeader header) {
    return e.getLocation() != null && e.getLocation().getLineNr() > 0
        ? e.getLocation().getLineNr()
        : header.line();
  }

  @Override
  public void close() {
    cursor.close();
  }
}
