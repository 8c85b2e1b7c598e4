package dev.sluice.source.folder;

import dev.sluice.source.LoadResult;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches config paths and delivers a fresh {@link LoadResult} after each burst of changes, once
 * the files have been quiet for the debounce time, and only when the result differs from the last
 * one delivered.
 *
 * <p>Thread-safe: all watching, loading and delivering happens on one daemon thread named {@value
 * #THREAD_NAME}; {@link #close()} may be called from any thread.
 */
final class FolderWatcher implements AutoCloseable {

  static final String THREAD_NAME = "sluice-folder-watch";
  private static final Logger log = LoggerFactory.getLogger(FolderWatcher.class);

  private final WatchedPaths watched;
  private final Duration debounce;
  private final Function<FolderChanges, LoadResult> loader;
  private final ChangeLog changes = new ChangeLog(); // confined to the watch thread
  private final Consumer<LoadResult> onChange;
  private final Thread thread;
  private volatile boolean closed;

  /** How long a changed result must stay the same before it is delivered. */
  private static final Duration SETTLE_PAUSE = Duration.ofMillis(25);

  private static final int MAX_SETTLE_ATTEMPTS = 5;

  /** A change waits at most this many debounce periods, however busy the folder is. */
  private static final int MAX_DELAY_FACTOR = 5;

  private LoadResult last; // confined to the watch thread after start

  /**
   * @param baseline the result the consumer already has, if any; without one, the first load is
   *     delivered at once
   */
  FolderWatcher(
      List<Path> roots,
      Duration debounce,
      Function<FolderChanges, LoadResult> loader,
      LoadResult baseline,
      Consumer<LoadResult> onChange)
      throws IOException {
    WatchService service = FileSystems.getDefault().newWatchService();
    this.watched = new WatchedPaths(service, roots);
    this.debounce = debounce;
    this.loader = loader;
    this.onChange = onChange;
    this.last = baseline;
    // Loading, translating and compiling a config shares the cores with the event loops, which
    // serve traffic: the lowest priority lets the OS run a loop first when both want the CPU. The
    // Java priority takes effect only where the JVM maps priorities to the OS (on Linux
    // -XX:ThreadPriorityPolicy=1, which needs root), so the thread also raises its own nice value
    // when it starts (BackgroundPriority), which needs no privilege.
    this.thread =
        Thread.ofPlatform()
            .name(THREAD_NAME)
            .daemon()
            .priority(Thread.MIN_PRIORITY)
            .unstarted(this::run);
  }

  void start() {
    watched.registerAll();
    thread.start();
  }

  private void run() {
    if (!BackgroundPriority.lowerCurrentThread()) {
      log.debug("config watch thread runs at normal OS priority (cannot renice it here)");
    }
    try {
      // Catches changes made between the consumer's load() and the registration of the watches.
      deliverIfChanged();
      while (!closed) {
        if (awaitChangesThenQuiet()) {
          deliverIfChanged();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // close() was called: nothing left to do.
    } catch (RuntimeException e) {
      log.error("config folder watch stopped: {}", e.toString(), e);
    }
  }

  /** Blocks until a relevant change, then until no relevant change came for the debounce time. */
  private boolean awaitChangesThenQuiet() throws InterruptedException {
    if (!watched.handle(watched.service().take(), changes)) {
      return false;
    }
    // A steady stream of edits (a generator writing a file every 100 ms) never goes quiet: apply
    // at the latest MAX_DELAY_FACTOR debounce periods after the first change.
    long deadline = System.nanoTime() + debounce.toNanos() * MAX_DELAY_FACTOR;
    long quietUntil = System.nanoTime() + debounce.toNanos();
    for (long left = debounce.toNanos(); left > 0; left = nextWait(quietUntil, deadline)) {
      WatchKey key = watched.service().poll(left, TimeUnit.NANOSECONDS);
      if (key != null && watched.handle(key, changes)) {
        quietUntil = System.nanoTime() + debounce.toNanos();
      }
    }
    return true;
  }

  private void deliverIfChanged() throws InterruptedException {
    LoadResult result;
    try {
      result = stableLoad(changes.take());
    } catch (RuntimeException e) {
      // A bug in loading must not end the watch: the next change gets another try, of everything.
      changes.lost();
      log.error("reloading config failed: {}", e.toString(), e);
      return;
    }
    if (closed || Objects.equals(result, last)) {
      return;
    }
    last = result;
    try {
      onChange.accept(result);
    } catch (RuntimeException e) {
      // A failing consumer must not stop the watch; the next change is delivered again.
      log.error("config change consumer failed: {}", e.toString(), e);
    }
  }

  private static long nextWait(long quietUntil, long deadline) {
    return Math.min(quietUntil, deadline) - System.nanoTime();
  }

  /**
   * Loads until two loads a moment apart agree. A directory listing that runs while an editor
   * replaces a file by rename may miss the file altogether (POSIX leaves readdir unspecified then);
   * delivering that result would remove the file's routes for one reload. Every load of the series
   * looks at the same {@code seen} changes (a load that follows them reads those files again; one
   * that lists everything, everything).
   */
  private LoadResult stableLoad(FolderChanges seen) throws InterruptedException {
    LoadResult previous = loader.apply(seen);
    for (int attempt = 0; attempt < MAX_SETTLE_ATTEMPTS; attempt++) {
      if (Objects.equals(previous, last)) {
        return previous; // nothing changed: no need to confirm
      }
      Thread.sleep(SETTLE_PAUSE.toMillis());
      LoadResult next = loader.apply(seen);
      if (Objects.equals(next, previous)) {
        return next;
      }
      previous = next;
    }
    return previous;
  }

  /** Stops the thread; waits briefly for a delivery in progress unless called from it. */
  @Override
  public void close() {
    closed = true;
    try {
      watched.service().close();
    } catch (IOException e) {
      log.warn("closing the config watch service failed: {}", e.toString());
    }
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join(debounce.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
