package dev.sluice.source.folder;

import static dev.sluice.source.folder.FolderSourceLoadTest.messages;
import static dev.sluice.source.folder.FolderSourceLoadTest.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.LoadResult;
import dev.sluice.source.ObjectRef;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder source loaded again parses only the files that changed ({@link ParsedFiles}), and every
 * load equals what a fresh source would read from the same files: objects, locations and problems.
 */
class FolderSourceIncrementalTest {

  private static final Instant MODIFIED = Instant.parse("2024-05-01T10:20:30Z");

  @TempDir Path dir;

  @Test
  void unchangedFileKeepsItsObjectsAndChangedFileIsParsedAgain() throws IOException {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    FolderSource source = new FolderSource(List.of(dir));
    LoadResult first = source.load();

    write("b.yaml", service("b") + "  clusterIP: 10.0.0.7\n");
    LoadResult second = source.load();

    assertThat(serviceIn(second, "a")).isSameAs(serviceIn(first, "a"));
    assertThat(serviceIn(second, "b")).isNotSameAs(serviceIn(first, "b"));
    assertThat(serviceIn(second, "b").getSpec().getClusterIP()).isEqualTo("10.0.0.7");
    assertThat(second).isEqualTo(fresh());
  }

  @Test
  void sameSizeSameSecondEditIsSeen() throws IOException {
    write("a.yaml", service("aaa"));
    FolderSource source = new FolderSource(List.of(dir));
    source.load();

    // Same length, same modification time: only the bytes tell the edit apart.
    write("a.yaml", service("bbb"));

    assertThat(names(source.load())).containsExactly("bbb");
  }

  @Test
  void touchedFileIsParsedAgainForItsCreationTimestamp() throws IOException {
    write("a.yaml", service("a"));
    FolderSource source = new FolderSource(List.of(dir));
    LoadResult first = source.load();

    Files.setLastModifiedTime(dir.resolve("a.yaml"), FileTime.from(MODIFIED.plusSeconds(60)));
    LoadResult second = source.load();

    assertThat(serviceIn(first, "a").getMetadata().getCreationTimestamp())
        .isEqualTo("2024-05-01T10:20:30Z");
    assertThat(serviceIn(second, "a").getMetadata().getCreationTimestamp())
        .isEqualTo("2024-05-01T10:21:30Z");
    assertThat(second).isEqualTo(fresh());
  }

  @Test
  void deletedFileIsGoneAndForgotten() throws IOException {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    FolderSource source = new FolderSource(List.of(dir));
    source.load();

    Files.delete(dir.resolve("b.yaml"));
    LoadResult second = source.load();

    assertThat(names(second)).containsExactly("a");
    assertThat(second.resources().locations()).doesNotContainKey(ref("b"));
    assertThat(second).isEqualTo(fresh());
  }

  @Test
  void badEditIsReportedWithFileAndLineAndTheFixRestoresTheObjects() throws IOException {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    FolderSource source = new FolderSource(List.of(dir));
    LoadResult good = source.load();

    write("b.yaml", service("b") + "  - port: [unclosed\n");
    LoadResult bad = source.load();

    String file = dir.resolve("b.yaml").toString();
    assertThat(bad.hasErrors()).isTrue();
    assertThat(messages(bad))
        .singleElement()
        .asString()
        .startsWith(file + ":8: ERROR invalid YAML");
    assertThat(names(bad)).as("a file with an error contributes nothing").containsExactly("a");
    assertThat(serviceIn(bad, "a")).isSameAs(serviceIn(good, "a"));
    assertThat(bad).isEqualTo(fresh());
    assertThat(source.load()).as("the unchanged bad file, reported again").isEqualTo(bad);

    write("b.yaml", service("b"));
    LoadResult fixed = source.load();

    assertThat(fixed.problems()).isEmpty();
    assertThat(names(fixed)).containsExactly("a", "b");
    assertThat(fixed.resources().locationOf(ref("b"))).contains(new SourceLocation(file, 1));
  }

  @Test
  void problemsOfUnchangedFilesAreReportedOnEveryLoad() throws IOException {
    write("a.yaml", service("a") + "  unknownField: 1\n");
    write("b.yaml", service("b"));
    FolderSource source = new FolderSource(List.of(dir));
    LoadResult first = source.load();

    write("b.yaml", service("c"));
    LoadResult second = source.load();

    assertThat(messages(first)).hasSize(1);
    assertThat(messages(second)).isEqualTo(messages(first));
    assertThat(second).isEqualTo(fresh());
  }

  @Test
  void duplicatesAcrossFilesAreFoundOnEveryLoad() throws IOException {
    write("a.yaml", service("x"));
    FolderSource source = new FolderSource(List.of(dir));
    source.load();

    write("b.yaml", service("x"));
    LoadResult duplicate = source.load();
    Files.delete(dir.resolve("a.yaml"));
    LoadResult single = source.load();

    assertThat(messages(duplicate)).singleElement().asString().contains("duplicate Service");
    assertThat(single.problems()).isEmpty();
    assertThat(single.resources().locationOf(ref("x")))
        .contains(new SourceLocation(dir.resolve("b.yaml").toString(), 1));
  }

  @Test
  void cacheHoldsOnlyListedFiles() throws IOException {
    Path a = write("a.yaml", service("a"));
    Path b = write("b.yaml", service("b"));
    ParsedFiles files = new ParsedFiles();
    files.read(a);
    files.read(b);

    files.retainOnly(List.of(a));

    assertThat(files.size()).isEqualTo(1);
    assertThat(files.read(dir.resolve("gone.yaml"))).isEqualTo(FileResult.EMPTY);
    assertThat(files.size()).isEqualTo(1);
  }

  private LoadResult fresh() {
    return new FolderSource(List.of(dir)).load();
  }

  private static Service serviceIn(LoadResult result, String name) {
    return result.resources().services().stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> names(LoadResult result) {
    return result.resources().services().stream()
        .map(HasMetadata::getMetadata)
        .map(m -> m.getName())
        .toList();
  }

  private static ObjectRef ref(String name) {
    return new ObjectRef("Service", "default", name);
  }

  /** Writes with a fixed modification time, so that only the content tells versions apart. */
  private Path write(String name, String content) throws IOException {
    Path file = Files.writeString(dir.resolve(name), content);
    Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
    return file;
  }
}
