package dev.sluice.source.folder;

import static dev.sluice.source.folder.FolderSourceLoadTest.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.LoadResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load that follows the watch's changed paths ({@link TrackedListing}) reads only those files,
 * and equals what a fresh source reads from the same folder: after edits, new files, deletions,
 * renames, touches with and without a change, files replaced within the same second, new and
 * deleted subfolders, lost events, and long random series of all of them.
 */
class FolderSourceTrackedTest {

  private static final Instant MODIFIED = Instant.parse("2024-05-01T10:20:30Z");

  @TempDir Path dir;

  private final Set<Path> changed = new HashSet<>();

  @Test
  void readsOnlyTheReportedFiles() throws IOException {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    FolderSource source = loaded();

    write("a.yaml", service("a2"));
    overwriteUnreported("b.yaml", service("b2"));

    assertThat(names(source.load(reported()))).containsExactly("a2", "b");
    assertThat(names(source.load(FolderChanges.RESCAN))).containsExactly("a2", "b2");
  }

  @Test
  void editEqualsAFreshLoad() throws IOException {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    FolderSource source = loaded();
    LoadResult before = source.load();

    write("b.yaml", service("b") + "  clusterIP: 10.0.0.7\n");
    LoadResult after = source.load(reported());

    assertThat(after).isEqualTo(fresh());
    assertThat(serviceIn(after, "a")).isSameAs(serviceIn(before, "a"));
  }

  @Test
  void newFilesTakeTheirPlaceInTheOrder() throws IOException {
    write("b.yaml", service("b"));
    write("sub/d.yaml", service("d"));
    FolderSource source = loaded();

    write("a.yaml", service("a"));
    write("c.yml", service("c"));
    write("sub/e.yaml", service("e"));
    write("sub/0.yaml", service("zero"));

    LoadResult after = source.load(reported());
    assertThat(names(after)).containsExactly("a", "b", "c", "zero", "d", "e");
    assertThat(after).isEqualTo(fresh());
  }

  @Test
  void deletionAndRenameEqualAFreshLoad() throws IOException {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    write("c.yaml", service("c"));
    FolderSource source = loaded();

    delete("a.yaml");
    rename("b.yaml", "z.yaml");

    LoadResult after = source.load(reported());
    assertThat(names(after)).containsExactly("c", "b");
    assertThat(after).isEqualTo(fresh());
  }

  @Test
  void touchWithoutChangeKeepsTheObjectsAndATouchToAnotherSecondParsesAgain() throws IOException {
    write("a.yaml", service("a"));
    FolderSource source = loaded();
    LoadResult before = source.load();

    touch("a.yaml", MODIFIED); // same bytes, same second
    LoadResult same = source.load(reported());
    touch("a.yaml", MODIFIED.plusSeconds(60));
    LoadResult later = source.load(reported());

    assertThat(serviceIn(same, "a")).isSameAs(serviceIn(before, "a"));
    assertThat(serviceIn(later, "a").getMetadata().getCreationTimestamp())
        .isEqualTo("2024-05-01T10:21:30Z");
    assertThat(later).isEqualTo(fresh());
  }

  @Test
  void fileReplacedWithinTheSameSecondByRenameIsSeen() throws IOException {
    write("a.yaml", service("aaa"));
    FolderSource source = loaded();

    // Same size, same modification second: only the bytes differ.
    write(".a.yaml.tmp", service("bbb"));
    rename(".a.yaml.tmp", "a.yaml");

    LoadResult after = source.load(reported());
    assertThat(names(after)).containsExactly("bbb");
    assertThat(after).isEqualTo(fresh());
  }

  @Test
  void hiddenTempAndOtherFilesAreIgnored() throws IOException {
    write("a.yaml", service("a"));
    FolderSource source = loaded();

    write(".hidden.yaml", service("hidden"));
    write("#a.yaml#", service("emacs"));
    write("~a.yaml", service("tilde"));
    write("notes.txt", "text");
    write(".git/b.yaml", service("in-hidden-folder"));

    LoadResult after = source.load(reported());
    assertThat(names(after)).containsExactly("a");
    assertThat(after).isEqualTo(fresh());
  }

  @Test
  void newAndDeletedFoldersAreListedAgain() throws IOException {
    write("a.yaml", service("a"));
    write("old/b.yaml", service("b"));
    FolderSource source = loaded();

    write("new/c.yaml", service("c"));
    changed.add(abs("new"));
    deleteTree("old");

    LoadResult after = source.load(reported());
    assertThat(names(after)).containsExactly("a", "c");
    assertThat(after).isEqualTo(fresh());
  }

  @Test
  void aFolderNamedLikeAFileIsNotReadAsOne() throws IOException {
    write("a.yaml", service("a"));
    FolderSource source = loaded();

    write("dir.yaml/b.yaml", service("b"));
    changed.add(abs("dir.yaml"));

    assertThat(source.load(reported())).isEqualTo(fresh());
  }

  @Test
  void lostEventsListEverything() throws IOException {
    write("a.yaml", service("a"));
    FolderSource source = loaded();

    overwriteUnreported("a.yaml", service("edited"));
    Files.writeString(dir.resolve("new.yaml"), service("new"));

    LoadResult after = source.load(FolderChanges.RESCAN);
    assertThat(names(after)).containsExactly("edited", "new");
    assertThat(after).isEqualTo(fresh());
  }

  @Test
  void aChangeToTheGivenFolderItselfListsEverything() throws IOException {
    write("a.yaml", service("a"));
    FolderSource source = loaded();

    overwriteUnreported("a.yaml", service("edited"));
    changed.add(dir.toAbsolutePath().normalize());

    assertThat(source.load(reported())).isEqualTo(fresh());
  }

  @Test
  void givenFilesAndBrokenListingsAreNotTracked() throws IOException {
    Path a = write("a.yaml", service("a"));
    FolderSource file = new FolderSource(List.of(a));
    file.load();
    overwriteUnreported("a.yaml", service("edited"));
    assertThat(names(file.load(new FolderChanges(Set.of(), false)))).containsExactly("edited");

    FolderSource missing = new FolderSource(List.of(dir, dir.resolve("missing")));
    missing.load();
    write("b.yaml", service("b"));
    changed.clear();
    assertThat(names(missing.load(new FolderChanges(Set.of(), false))))
        .containsExactly("edited", "b");
  }

  @Test
  void randomSeriesOfChangesEqualFreshLoads() throws IOException {
    Random random = new Random(5);
    List<String> names =
        List.of("a.yaml", "b.yml", "c.yaml", "sub/d.yaml", "sub/e.yaml", ".f.yaml");
    write("a.yaml", service("a"));
    FolderSource source = loaded();
    for (int step = 0; step < 400; step++) {
      int operations = 1 + random.nextInt(3);
      for (int i = 0; i < operations; i++) {
        randomChange(random, names);
      }
      LoadResult after = source.load(reported());
      assertThat(after).as("step %d", step).isEqualTo(fresh());
    }
  }

  private void randomChange(Random random, List<String> names) throws IOException {
    String name = names.get(random.nextInt(names.size()));
    Path path = dir.resolve(name);
    Instant second = MODIFIED.plusSeconds(random.nextInt(3));
    switch (random.nextInt(7)) {
      case 0, 1 -> write(name, service("n" + random.nextInt(4)), second);
      case 2 -> {
        if (Files.isRegularFile(path)) {
          delete(name);
        }
      }
      case 3 -> {
        String target = names.get(random.nextInt(names.size()));
        if (Files.isRegularFile(path) && !target.equals(name)) {
          noteNewFolders(dir.resolve(target).getParent());
          Files.createDirectories(dir.resolve(target).getParent());
          rename(name, target);
        }
      }
      case 4 -> {
        if (Files.isRegularFile(path)) {
          touch(name, second);
        }
      }
      case 5 -> write(name, "kind: [broken\n", second);
      default -> {
        if (random.nextBoolean()) {
          deleteTree("sub");
        } else {
          write("sub/x.yaml", service("x" + random.nextInt(2)), second);
        }
      }
    }
  }

  // --- helpers: every change notes the paths a watch would report ---

  private FolderSource loaded() {
    FolderSource source = new FolderSource(List.of(dir));
    source.load();
    changed.clear();
    return source;
  }

  private FolderChanges reported() {
    FolderChanges changes = new FolderChanges(changed, false);
    changed.clear();
    return changes;
  }

  private LoadResult fresh() {
    return new FolderSource(List.of(dir)).load();
  }

  private Path abs(String name) {
    return dir.resolve(name).toAbsolutePath().normalize();
  }

  private Path write(String name, String content) throws IOException {
    return write(name, content, MODIFIED);
  }

  /** Writes with a given modification time, so that only the content tells versions apart. */
  private Path write(String name, String content, Instant modified) throws IOException {
    Path file = dir.resolve(name);
    noteNewFolders(file.getParent());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(modified));
    changed.add(abs(name));
    return file;
  }

  private void noteNewFolders(Path folder) {
    for (Path f = folder; !Files.exists(f); f = f.getParent()) {
      changed.add(f.toAbsolutePath().normalize());
    }
  }

  /** An edit the watch does not report (as if its event were lost). */
  private void overwriteUnreported(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
  }

  private void touch(String name, Instant modified) throws IOException {
    Files.setLastModifiedTime(dir.resolve(name), FileTime.from(modified));
    changed.add(abs(name));
  }

  private void delete(String name) throws IOException {
    Files.delete(dir.resolve(name));
    changed.add(abs(name));
  }

  private void rename(String from, String to) throws IOException {
    Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.REPLACE_EXISTING);
    changed.add(abs(from));
    changed.add(abs(to));
  }

  private void deleteTree(String name) throws IOException {
    Path top = dir.resolve(name);
    if (!Files.exists(top)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(top)) {
      walk.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path path : all) {
      Files.delete(path);
    }
    // The watch of the deleted folder reports its files; its parent reports the folder.
    all.forEach(path -> changed.add(path.toAbsolutePath().normalize()));
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
}
