package dev.sluice.source.folder;

import dev.sluice.source.Problem;
import dev.sluice.source.SourceLocation;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the config files under the given paths: every {@code *.yaml} and {@code *.yml} file in a
 * folder tree (hidden files and folders and editor temp files excepted), in sorted order, plus each
 * file given directly whatever its name.
 *
 * <p>Stateless.
 */
final class ConfigFiles {

  /**
   * The files to read, in order, and the problems finding them.
   *
   * @param roots for each given path, the files found through it (after those of earlier paths), in
   *     order
   * @param folders every folder walked, absolute and normalized
   */
  record Listing(
      List<Path> files, List<Problem> problems, List<List<Path>> roots, Set<Path> folders) {}

  private ConfigFiles() {}

  static Listing list(List<Path> roots) {
    List<Path> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<List<Path>> perRoot = new ArrayList<>();
    Set<Path> folders = new HashSet<>();
    Set<Path> seen = new HashSet<>();
    for (Path root : roots) {
      List<Path> found = new ArrayList<>();
      if (!Files.exists(root)) {
        problems.add(error(root, "path does not exist; expected a YAML file or a folder"));
      } else if (Files.isDirectory(root)) {
        walk(root, found, folders, problems);
        found.sort(null);
      } else {
        found.add(root);
      }
      // A file reached through two of the given paths is read once.
      List<Path> kept =
          found.stream().filter(f -> seen.add(f.toAbsolutePath().normalize())).toList();
      files.addAll(kept);
      perRoot.add(kept);
    }
    return new Listing(files, problems, perRoot, folders);
  }

  /** Whether a file name found in a folder is config: YAML, not hidden, not an editor's temp. */
  static boolean isConfigFileName(String name) {
    return !isHidden(name)
        && !name.startsWith("#")
        && !name.startsWith("~")
        && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  static boolean isHidden(String name) {
    return name.startsWith(".");
  }

  private static void walk(Path root, List<Path> found, Set<Path> folders, List<Problem> problems) {
    try {
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
              boolean hidden = !dir.equals(root) && isHidden(dir.getFileName().toString());
              if (hidden) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              folders.add(dir.toAbsolutePath().normalize());
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
              if (attributes.isRegularFile() && isConfigFileName(file.getFileName().toString())) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              // Deleted while walking, or a symlink cycle: nothing to read there.
              if (!(e instanceof NoSuchFileException) && !(e instanceof FileSystemLoopException)) {
                problems.add(error(file, "cannot read: " + e));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(error(root, "cannot list folder: " + e));
    }
  }

  private static Problem error(Path path, String message) {
    return new Problem(
        Problem.Severity.ERROR,
        Optional.of(new SourceLocation(path.toString(), 0)),
        Optional.empty(),
        "",
        message);
  }
}
