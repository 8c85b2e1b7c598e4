package dev.sluice.source.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

/**
 * The last read of each config file, so that a reload parses only the files that changed: on a
 * folder of hundreds of route files, parsing every unchanged one again was most of a reload's CPU.
 *
 * <p>A file's previous {@link FileResult} (objects and problems alike) is reused only when its
 * bytes are equal to the bytes parsed before and its modification time is the same to the second.
 * The bytes decide, not size and time alone: an edit within the file system's time granularity that
 * keeps the size would otherwise go unseen. The second matters too, because objects without a
 * {@code creationTimestamp} take it from the file's modification time (see {@link ObjectDefaults});
 * a touched file is therefore parsed again, exactly as a full reload would. A result is a pure
 * function of the bytes, the second and the file's name, so a reused result equals a fresh parse.
 * Reused objects are the same instances as before, which the {@link dev.sluice.source.ResourceSet}
 * contract (nobody mutates them) makes safe and which makes comparing two loads cheap.
 *
 * <p>Not thread-safe: the owning {@link FolderSource} serialises loads.
 */
final class ParsedFiles {

  private record Entry(byte[] content, Instant modified, FileResult result) {}

  private final Map<Path, Entry> entries = new HashMap<>();

  /**
   * Reads {@code file}, parsing it only when its content or modification second changed since the
   * last read. A file that cannot be read is not remembered, so the next load tries again.
   */
  FileResult read(Path file) {
    Instant modified;
    byte[] content;
    try {
      modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      // Deleted since the folder was listed (an editor's save, say): the watch reloads again.
      entries.remove(file);
      return FileResult.EMPTY;
    } catch (IOException e) {
      entries.remove(file);
      return YamlFileReader.unreadable(file.toString(), e);
    }
    Entry previous = entries.get(file);
    if (previous != null
        && previous.modified().equals(modified)
        && Arrays.equals(previous.content(), content)) {
      return previous.result();
    }
    FileResult result = YamlFileReader.parse(file.toString(), content, modified);
    entries.put(file, new Entry(content, modified, result));
    return result;
  }

  /**
   * The last result of {@code file} without looking at the file, for a file the watch reported no
   * change for; reads it when nothing is remembered (it could not be read last time).
   */
  FileResult reuse(Path file) {
    Entry previous = entries.get(file);
    return previous != null ? previous.result() : read(file);
  }

  /** Forgets every file not in {@code files}: deleted files must not pin their objects. */
  void retainOnly(Collection<Path> files) {
    entries.keySet().retainAll(new HashSet<>(files));
  }

  /** How many files are remembered. */
  int size() {
    return entries.size();
  }
}
