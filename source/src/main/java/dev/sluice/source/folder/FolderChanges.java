package dev.sluice.source.folder;

import java.nio.file.Path;
import java.util.Set;

/**
 * What the folder watch saw since the last load: the paths that had events (absolute, normalized),
 * or that everything must be read again (events were lost, a load failed, the watch just started).
 *
 * <p>Immutable.
 *
 * @param paths paths with create, modify or delete events; a file or a folder, existing or not
 * @param rescan whether {@code paths} may be incomplete, so that every file must be listed and read
 *     again
 */
record FolderChanges(Set<Path> paths, boolean rescan) {

  /** Nothing known: list and read everything. */
  static final FolderChanges RESCAN = new FolderChanges(Set.of(), true);

  FolderChanges {
    paths = Set.copyOf(paths);
  }
}
