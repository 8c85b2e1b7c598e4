package dev.sluice.source.folder;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folders a {@link FolderWatcher} registers, and which of their events matter. Every folder
 * tree given is watched (new subfolders are registered as they appear), and so is the parent of
 * every given path, filtered by name: that is how a given file that an editor replaces by rename,
 * or a given folder that is deleted and created again, is still seen.
 *
 * <p>Confined to the watch thread once the thread has started.
 */
final class WatchedPaths {

  private static final Logger log = LoggerFactory.getLogger(WatchedPaths.class);

  private final WatchService service;
  private final List<Path> roots;
  private final Map<WatchKey, Path> folders = new HashMap<>();

  WatchedPaths(WatchService service, List<Path> roots) {
    this.service = service;
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  WatchService service() {
    return service;
  }

  /** Registers the parents of the given paths and every given folder tree. */
  void registerAll() {
    for (Path root : roots) {
      if (root.getParent() != null && Files.isDirectory(root.getParent())) {
        register(root.getParent());
      }
      if (Files.isDirectory(root)) {
        registerTree(root);
      }
    }
  }

  /**
   * Takes the events of one key, registering folders that appeared, and notes the paths that
   * concern the config in {@code changes} (or that events were lost).
   *
   * @return whether any event concerns the config
   */
  boolean handle(WatchKey key, ChangeLog changes) {
    Path folder = folders.get(key);
    boolean relevant = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        // Events were lost: pick up any folder we missed and reload everything to be sure.
        registerAll();
        changes.lost();
        relevant = true;
      } else if (folder != null && event.context() instanceof Path name) {
        Path path = folder.resolve(name);
        if (handle(path, event.kind() == ENTRY_CREATE)) {
          changes.changed(path);
          relevant = true;
        }
      }
    }
    if (!key.reset()) {
      folders.remove(key); // the folder is gone; a parent watch sees it if it comes back
    }
    return relevant;
  }

  private boolean handle(Path path, boolean created) {
    boolean relevant = false;
    for (Path root : roots) { // a loop, not a stream: this runs for every event of a busy folder
      relevant |= path.startsWith(root);
    }
    // Hidden folders are not watched (registerTree skips them), so a hidden name needs no stat:
    // editors' and generators' temp files are most of the events.
    if (relevant
        && created
        && (roots.contains(path) || !ConfigFiles.isHidden(path.getFileName().toString()))
        && Files.isDirectory(path)) {
      registerTree(path);
    }
    return relevant;
  }

  private void registerTree(Path top) {
    try {
      Files.walkFileTree(
          top,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              if (!roots.contains(dir) && ConfigFiles.isHidden(dir.getFileName().toString())) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              register(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (!(e instanceof FileSystemLoopException)) {
                log.debug("not watching {}: {}", file, e.toString());
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("cannot watch config folder {}: {}", top, e.toString());
    }
  }

  private void register(Path folder) {
    try {
      folders.put(folder.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), folder);
    } catch (IOException e) {
      log.warn("cannot watch config folder {}: {}", folder, e.toString());
    }
  }
}
