package dev.sluice.source.folder;

import dev.sluice.source.ConfigSource;
import dev.sluice.source.LoadResult;
import dev.sluice.source.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The standalone config source: Kubernetes-style YAML files, read from the given files and folder
 * trees, and watched for changes.
 *
 * <p>{@link #load()} reads every {@code *.yaml}/{@code *.yml} file (multi-document; folders
 * recursively, in sorted order, hidden files and editor temp files skipped). Problems carry the
 * file and line; a file with an error contributes no objects, other files still load. Objects get
 * what an API server would set: namespace {@code default}, {@code generation} 1 and a {@code
 * creationTimestamp} (the file's modification time).
 *
 * <p>{@link #watch(Consumer)} delivers a new {@link LoadResult} after each burst of changes, once
 * the files have been quiet for the debounce time, and only when it differs from the last result
 * delivered (or returned by the last {@link #load()} before watching started; without such a load
 * the first result is delivered at once). A reload after a burst reads only the files the watch
 * reported, when it can tell exactly what they change (see {@link TrackedListing}); lost events,
 * changed folders and every {@link #FULL_RESCAN_INTERVAL} list and read everything again.
 *
 * <p>Thread-safe. Deliveries happen on one daemon thread named {@code sluice-folder-watch}.
 */
public final class FolderSource implements ConfigSource {

  /** How long files must be quiet before a reload, unless told otherwise. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

  private final List<Path> paths;
  private final Duration debounce;
  private final AtomicReference<LoadResult> lastLoad = new AtomicReference<>();
  private final AtomicReference<FolderWatcher> watcher = new AtomicReference<>();
  private final ParsedFiles files = new ParsedFiles(); // guarded by itself
  private TrackedListing tracked; // guarded by files; null: the next load lists everything
  private long lastFullLoad; // guarded by files; System.nanoTime() of the last full listing
  private volatile boolean closed;

  /**
   * @param paths YAML files and folders; each must exist when loaded, or an error is reported
   */
  public FolderSource(List<Path> paths) {
    this(paths, DEFAULT_DEBOUNCE);
  }

  /**
   * @param paths YAML files and folders; each must exist when loaded, or an error is reported
   * @param debounce how long files must be quiet before a change is reloaded; positive
   */
  public FolderSource(List<Path> paths, Duration debounce) {
    this.paths = List.copyOf(paths);
    this.debounce = Objects.requireNonNull(debounce, "debounce");
    if (debounce.isNegative() || debounce.isZero()) {
      throw new IllegalArgumentException("debounce must be positive, got " + debounce);
    }
  }

  /** The files and folders this source reads. */
  public List<Path> paths() {
    return paths;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Only files whose content changed since the previous load are parsed again; the others
   * contribute the objects and problems they did before (see {@link ParsedFiles}).
   */
  @Override
  public LoadResult load() {
    return load(FolderChanges.RESCAN);
  }

  /**
   * Loads after the watch saw {@code changes}: when they can be followed exactly (see {@link
   * TrackedListing}), only the changed files are read and the folders are not walked; otherwise,
   * and at least every {@link #FULL_RESCAN_INTERVAL}, everything is listed and read as {@link
   * #load()} does. Either way the result equals what a fresh source would load.
   */
  LoadResult load(FolderChanges changes) {
    synchronized (files) {
      LoadResult result = incremental(changes).orElseGet(this::loadEverything);
      lastLoad.set(result);
      return result;
    }
  }

  /**
   * A full rescan at least this often while changes come: it is what catches what no event reports,
   * such as an edit to the target of a linked file outside the watched folders.
   */
  static final Duration FULL_RESCAN_INTERVAL = Duration.ofSeconds(30);

  private Optional<LoadResult> incremental(FolderChanges changes) {
    if (changes.rescan()
        || tracked == null
        || System.nanoTime() - lastFullLoad > FULL_RESCAN_INTERVAL.toNanos()) {
      return Optional.empty();
    }
    Optional<Set<Path>> reread = tracked.apply(changes.paths());
    if (reread.isEmpty()) {
      tracked = null; // stale: the full load replaces it
      return Optional.empty();
    }
    List<Path> listed = tracked.files();
    return Optional.of(read(listed, List.of(), file -> reread.get().contains(file)));
  }

  private LoadResult loadEverything() {
    ConfigFiles.Listing listing = ConfigFiles.list(paths);
    tracked = TrackedListing.of(paths, listing).orElse(null);
    lastFullLoad = System.nanoTime();
    return read(listing.files(), listing.problems(), file -> true);
  }

  /** Reads the files {@code changed} says, reuses what the others gave last time. */
  private LoadResult read(
      List<Path> listed, List<Problem> listingProblems, Predicate<Path> changed) {
    List<Problem> problems = new ArrayList<>(listingProblems);
    ResourceSetBuilder resources = new ResourceSetBuilder();
    for (Path file : listed) {
      FileResult result = changed.test(file) ? files.read(file) : files.reuse(file);
      problems.addAll(result.problems());
      result.objects().forEach(resources::add);
    }
    files.retainOnly(listed);
    problems.addAll(resources.problems());
    return new LoadResult(resources.build(), problems);
  }

  /**
   * Starts watching.
   *
   * @throws IllegalStateException when already watching or closed
   * @throws UncheckedIOException when the file system cannot be watched
   */
  @Override
  public void watch(Consumer<LoadResult> onChange) {
    Objects.requireNonNull(onChange, "onChange");
    if (closed) {
      throw new IllegalStateException("folder source for " + paths + " is closed");
    }
    FolderWatcher created;
    try {
      created = new FolderWatcher(paths, debounce, this::load, lastLoad.get(), onChange);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + paths, e);
    }
    if (!watcher.compareAndSet(null, created)) {
      created.close();
      throw new IllegalStateException("already watching " + paths + "; watch() may be called once");
    }
    created.start();
    if (closed) {
      created.close(); // close() raced with this call and may have missed the new watcher
    }
  }

  @Override
  public void close() {
    closed = true;
    FolderWatcher current = watcher.get();
    if (current != null) {
      current.close();
    }
  }
}
