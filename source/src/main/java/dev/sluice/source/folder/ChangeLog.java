package dev.sluice.source.folder;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Collects what the folder watch saw until the next load takes it: the paths with events, or that
 * events were lost. Starts out lost, so that the first load after the watch starts reads everything
 * (changes made before the folders were registered have no events).
 *
 * <p>Confined to the watch thread.
 */
final class ChangeLog {

  private final Set<Path> paths = new HashSet<>();
  private boolean lost = true;

  /** A create, modify or delete event for {@code path}. */
  void changed(Path path) {
    paths.add(path);
  }

  /** Events may have been missed (an overflow, a load that failed): read everything next time. */
  void lost() {
    lost = true;
  }

  /** What was collected; the log starts over empty. */
  FolderChanges take() {
    FolderChanges changes = new FolderChanges(paths, lost);
    paths.clear();
    lost = false;
    return changes;
  }
}
