package dev.sluice.source.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The config files of the last full {@link ConfigFiles#list listing}, kept up to date from the
 * paths the folder watch reports, so that a reload after a few files changed neither walks the
 * folders again nor reads every file: on a folder of hundreds of route files, that was most of a
 * reload's loading time.
 *
 * <p>It follows only what it can follow exactly: config files appearing, changing or disappearing
 * in folders the listing walked. Anything else — a folder created, deleted or replaced, a path that
 * is a given path or above one, a file whose attributes cannot be read, a parent folder not walked
 * — makes {@link #apply} answer that only a full listing can tell, and the caller lists again.
 * Listings with problems, or with given paths that are files or overlap, are not tracked at all
 * ({@link #of} answers empty). Within those bounds, {@link #files()} after {@link #apply} is what
 * {@link ConfigFiles#list} would return: the same inclusion rules (hidden names and editor temp
 * files excepted; links followed; regular files only) and the same order (per given folder, sorted
 * by path).
 *
 * <p>Not thread-safe: the owning {@link FolderSource} serialises loads.
 */
final class TrackedListing {

  private final List<Path> roots; // as given: listed paths are built from them, as the walk does
  private final List<Path> absoluteRoots;
  private final List<TreeSet<Path>> files;
  private final Set<Path> folders;

  private TrackedListing(List<Path> roots, List<List<Path>> files, Set<Path> folders) {
    this.roots = List.copyOf(roots);
    this.absoluteRoots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.files = files.stream().map(TreeSet::new).toList();
    this.folders = new HashSet<>(folders);
  }

  /** A tracked copy of {@code listing} of {@code roots}, when it can be tracked exactly. */
  static Optional<TrackedListing> of(List<Path> roots, ConfigFiles.Listing listing) {
    if (!listing.problems().isEmpty()) {
      return Optional.empty();
    }
    List<Path> absolute = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    for (int i = 0; i < absolute.size(); i++) {
      if (!listing.folders().contains(absolute.get(i))) {
        return Optional.empty(); // a given file, or a folder that vanished while it was listed
      }
      for (int j = 0; j < absolute.size(); j++) {
        if (i != j && absolute.get(i).startsWith(absolute.get(j))) {
          return Optional.empty(); // overlapping roots: files would need de-duplicating
        }
      }
    }
    return Optional.of(new TrackedListing(roots, listing.roots(), listing.folders()));
  }

  /** The config files, in the order a full listing would give them. */
  List<Path> files() {
    List<Path> all = new ArrayList<>();
    files.forEach(all::addAll);
    return all;
  }

  /**
   * Takes the paths the watch reported changed.
   *
   * @param changed absolute, normalized paths
   * @return the listed files to read again (new or changed), or empty when only a full listing can
   *     tell what changed; this listing is then stale and must not be used again
   */
  Optional<Set<Path>> apply(Set<Path> changed) {
    Set<Path> reread = new HashSet<>();
    for (Path path : changed) {
      if (!apply(path, reread)) {
        return Optional.empty();
      }
    }
    return Optional.of(reread);
  }

  private boolean apply(Path path, Set<Path> reread) {
    int root = rootBelow(path);
    if (root < 0) {
      // A given folder itself, or a folder above one: only a walk can tell what it holds now.
      return absoluteRoots.stream().noneMatch(r -> r.startsWith(path));
    }
    Path relative = absoluteRoots.get(root).relativize(path);
    for (Path name : relative) {
      if (ConfigFiles.isHidden(name.toString())) {
        return true; // a hidden file, or inside a hidden folder: never config
      }
    }
    if (!folders.contains(path.getParent()) || folders.contains(path)) {
      return false; // in a folder not walked yet, or a walked folder created or deleted
    }
    Path listed = roots.get(root).resolve(relative.toString());
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      files.get(root).remove(listed); // deleted, or a link to nothing: not listed either way
      return true;
    } catch (IOException e) {
      return false;
    }
    if (attributes.isDirectory()) {
      return false; // a new folder (or a link to one): its content needs a walk
    }
    if (attributes.isRegularFile() && ConfigFiles.isConfigFileName(path.getFileName().toString())) {
      files.get(root).add(listed);
      reread.add(listed);
    } else {
      files.get(root).remove(listed);
    }
    return true;
  }

  /** The index of the given folder {@code path} is strictly inside, or -1. */
  private int rootBelow(Path path) {
    for (int i = 0; i < absoluteRoots.size(); i++) {
      Path root = absoluteRoots.get(i);
      if (path.startsWith(root) && !path.equals(root)) {
        return i;
      }
    }
    return -1;
  }
}
