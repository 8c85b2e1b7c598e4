package dev.sluice.source.folder;

import static dev.sluice.source.folder.FolderSourceLoadTest.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.source.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceWatchTest {

  private static final Duration DEBOUNCE = Duration.ofMillis(100);
  private static final long TIMEOUT_MS = 10_000;

  @TempDir Path dir;

  private final BlockingQueue<LoadResult> deliveries = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> threads = new LinkedBlockingQueue<>();
  private FolderSource source;

  @AfterEach
  void closeSource() {
    if (source != null) {
      source.close();
    }
  }

  @Test
  void deliversOnNewFileOnTheWatchThread() throws Exception {
    startWatching(dir);

    write("a.yaml", service("a"));

    LoadResult result = awaitDelivery(r -> names(r).equals(List.of("a")));
    assertThat(result.problems()).isEmpty();
    assertThat(threads.poll()).isEqualTo("sluice-folder-watch");
  }

  @Test
  void deliversEditsAndDeletions() throws Exception {
    write("a.yaml", service("a"));
    write("b.yaml", service("b"));
    startWatching(dir);

    write("a.yaml", service("renamed"));
    awaitDelivery(r -> names(r).equals(List.of("renamed", "b")));

    Files.delete(dir.resolve("b.yaml"));
    awaitDelivery(r -> names(r).equals(List.of("renamed")));
  }

  @Test
  void debouncesABurstOfSaves() throws Exception {
    startWatching(dir);

    for (int i = 0; i < 30; i++) {
      write("a.yaml", service("v" + i));
    }

    awaitDelivery(r -> names(r).equals(List.of("v29")));
    // Intermediate versions may have been read while the burst was being written, but only a few.
    assertThat(deliveries.poll(DEBOUNCE.toMillis() * 5, TimeUnit.MILLISECONDS)).isNull();
    assertThat(deliveryCount.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void deliversNothingWhenTheContentIsUnchanged() throws Exception {
    Path file = write("a.yaml", service("a"));
    FileTime modified = Files.getLastModifiedTime(file);
    startWatching(dir);

    // Atomic and with the old modification time already set (creationTimestamp defaults to it), so
    // that a loaded machine cannot observe any intermediate state.
    writeAtomically("a.yaml", service("a"), modified);

    assertThat(deliveries.poll(DEBOUNCE.toMillis() * 5, TimeUnit.MILLISECONDS)).isNull();
    write("a.yaml", service("b"));
    awaitDelivery(r -> names(r).equals(List.of("b")));
  }

  @Test
  void picksUpNewSubfolders() throws Exception {
    startWatching(dir);

    write("sub/deeper/x.yaml", service("x"));
    awaitDelivery(r -> names(r).equals(List.of("x")));

    write("sub/deeper/y.yaml", service("y"));
    awaitDelivery(r -> names(r).equals(List.of("x", "y")));
  }

  @Test
  void followsAGivenFileReplacedByRenameAndIgnoresItsNeighbours() throws Exception {
    Path file = write("gateway.yaml", service("a"));
    startWatching(file);

    write("neighbour.yaml", service("n"));
    assertThat(deliveries.poll(DEBOUNCE.toMillis() * 5, TimeUnit.MILLISECONDS)).isNull();

    Path temp = write(".gateway.yaml.swp", service("b"));
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    awaitDelivery(r -> names(r).equals(List.of("b")));

    Files.delete(file);
    LoadResult gone = awaitDelivery(r -> names(r).isEmpty());
    assertThat(gone.hasErrors()).isTrue();
  }

  @Test
  void deliversTheFirstResultAtOnceWithoutAPriorLoad() throws Exception {
    write("a.yaml", service("a"));
    source = new FolderSource(List.of(dir), DEBOUNCE);

    source.watch(this::record);

    awaitDelivery(r -> names(r).equals(List.of("a")));
  }

  @Test
  void closeStopsTheWatchThread() throws Exception {
    startWatching(dir);
    Thread watchThread = watchThread();

    source.close();

    watchThread.join(TIMEOUT_MS);
    assertThat(watchThread.isAlive()).isFalse();
    write("a.yaml", service("a"));
    assertThat(deliveries.poll(DEBOUNCE.toMillis() * 3, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aStreamOfNewFilesEditsAndDeletionsEndsEqualToAFreshLoad() throws Exception {
    write("a.yaml", service("a"));
    startWatching(dir);

    for (int i = 0; i < 40; i++) {
      writeAtomically("r" + i + ".yaml", service("r" + i), FileTime.from(Instant.now()));
      if (i % 5 == 0) {
        write("a.yaml", service("a" + i));
      }
      if (i % 7 == 0 && i > 0) {
        Files.delete(dir.resolve("r" + (i - 7) + ".yaml"));
      }
    }

    awaitDelivery(r -> r.equals(new FolderSource(List.of(dir)).load()));
  }

  private final AtomicInteger deliveryCount = new AtomicInteger();

  private void record(LoadResult result) {
    deliveryCount.incrementAndGet();
    threads.add(Thread.currentThread().getName());
    deliveries.add(result);
  }

  /** Loads first, as the server does, so only changes are delivered. */
  private void startWatching(Path path) {
    source = new FolderSource(List.of(path), DEBOUNCE);
    source.load();
    source.watch(this::record);
  }

  private LoadResult awaitDelivery(Predicate<LoadResult> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    LoadResult last = null;
    for (long left = TIMEOUT_MS; left > 0; ) {
      LoadResult result = deliveries.poll(left, TimeUnit.MILLISECONDS);
      if (result != null && wanted.test(result)) {
        return result;
      }
      last = result == null ? last : result;
      left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
    return fail("no matching delivery within %d ms; last: %s", TIMEOUT_MS, last);
  }

  private static Thread watchThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("sluice-folder-watch"))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> names(LoadResult result) {
    return result.resources().services().stream().map(s -> s.getMetadata().getName()).toList();
  }

  private void writeAtomically(String name, String content, FileTime modified) throws IOException {
    Path temp = dir.resolve("." + name + ".tmp");
    Files.writeString(temp, content);
    Files.setLastModifiedTime(temp, modified);
    Files.move(temp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
