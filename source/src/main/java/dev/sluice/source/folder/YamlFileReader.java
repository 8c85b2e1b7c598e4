package dev.sluice.source.folder;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * Parses one config file: every document in it, with defaults applied and problems located by line.
 * A file with any error contributes no objects, so that a half-edited file cannot silently drop
 * part of the config.
 *
 * <p>Stateless.
 */
final class YamlFileReader {

  private YamlFileReader() {}

  /**
   * Parses the content of one file.
   *
   * @param file how to name the file in locations and problems
   * @param content the file's bytes, UTF-8
   * @param modified the file's modification time, the creation time of objects that lack one
   */
  static FileResult parse(String file, byte[] content, Instant modified) {
    String text;
    try {
      // Strict, as Files.readString: malformed input is reported, not replaced.
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      return FileResult.failed(error(file, 0, Optional.empty(), "", "not valid UTF-8 text"));
    }
    DocumentScanner.Scan scan;
    try {
      scan = DocumentScanner.scan(text);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String message = "invalid YAML: " + BindingErrors.syntax(e);
      return FileResult.failed(error(file, line, Optional.empty(), "", message));
    }
    return readDocuments(file, text, scan, modified);
  }

  /** What a file that exists but cannot be read contributes. */
  static FileResult unreadable(String file, IOException e) {
    return FileResult.failed(error(file, 0, Optional.empty(), "", "cannot read file: " + e));
  }

  private static FileResult readDocuments(
      String file, String text, DocumentScanner.Scan scan, Instant modified) {
    List<Problem> problems = new ArrayList<>();
    for (DocumentScanner.Misfit misfit : scan.misfits()) {
      problems.add(error(file, misfit.line(), Optional.empty(), "", misfit.message()));
    }
    List<LoadedObject> objects = new ArrayList<>();
    try (DocumentBinder binder = new DocumentBinder(file, text)) {
      for (DocumentHeader header : scan.documents()) {
        if (scan.hasMisfit(header.index())) {
          continue; // already reported; binding would only add a confusing second error
        }
        kindOf(file, header, problems)
            .flatMap(kind -> load(binder, file, header, kind, modified, problems))
            .ifPresent(objects::add);
      }
    }
    // Misfits were found in the first pass; report everything in file order.
    problems.sort(Comparator.comparingInt(p -> p.location().map(SourceLocation::line).orElse(0)));
    boolean failed = problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    return new FileResult(failed ? List.of() : objects, problems);
  }

  /** The supported kind a document declares; otherwise records why it is skipped. */
  private static Optional<ResourceKind> kindOf(
      String file, DocumentHeader header, List<Problem> problems) {
    if (header.apiVersion().isEmpty() || header.kind().isEmpty()) {
      String field = header.apiVersion().isEmpty() ? "apiVersion" : "kind";
      String message = "missing " + field + "; every document needs apiVersion and kind";
      problems.add(error(file, header.line(), Optional.empty(), field, message));
      return Optional.empty();
    }
    Optional<ResourceKind> kind = ResourceKind.of(header.apiVersion().get(), header.kind().get());
    if (kind.isEmpty()) {
      String message =
          "unsupported kind %s %s, the document is skipped (supported: %s)"
              .formatted(header.apiVersion().get(), header.kind().get(), ResourceKind.supported());
      problems.add(
          new Problem(
              Problem.Severity.WARNING,
              Optional.of(new SourceLocation(file, header.line())),
              Optional.empty(),
              "",
              message));
    }
    return kind;
  }

  private static Optional<LoadedObject> load(
      DocumentBinder binder,
      String file,
      DocumentHeader header,
      ResourceKind kind,
      Instant modified,
      List<Problem> problems) {
    Optional<HasMetadata> bound = binder.bind(header, kind, problems);
    if (bound.isEmpty()) {
      return Optional.empty();
    }
    HasMetadata object = bound.get();
    ObjectDefaults.apply(kind, object, modified);
    String name = object.getMetadata().getName();
    if (ObjectDefaults.isBlank(name)) {
      String message = "missing metadata.name; every " + kind.kind() + " needs a name";
      problems.add(error(file, header.line(), Optional.empty(), "metadata.name", message));
      return Optional.empty();
    }
    String namespace = kind.namespaced() ? object.getMetadata().getNamespace() : "";
    ObjectRef ref = new ObjectRef(kind.kind(), namespace, name);
    return Optional.of(
        new LoadedObject(kind, object, ref, new SourceLocation(file, header.line())));
  }

  private static Problem error(
      String file, int line, Optional<ObjectRef> object, String field, String message) {
    return new Problem(
        Problem.Severity.ERROR,
        Optional.of(new SourceLocation(file, line)),
        object,
        field,
        message);
  }
}
