package dev.sluice.source.folder;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Gives the calling thread the lowest OS scheduling priority (nice 19) where that needs no
 * privilege: on Linux any thread may raise its own nice value, and nice is per thread there. The
 * JVM maps {@link Thread#setPriority} to the OS only under {@code -XX:ThreadPriorityPolicy=1},
 * which needs root, so the thread finds its own id in {@code /proc/thread-self} and runs {@code
 * renice} on it once.
 *
 * <p>Why: loading, translating and compiling a config share the cores with the event loops, which
 * serve traffic. At nice 19 the thread gets about 1.5 % of a core the loop also wants (the loop
 * keeps running; config work still finishes, later), instead of slices of several milliseconds that
 * land in the loop's latency tail while routes are added under load.
 *
 * <p>Stateless and thread-safe; does nothing where {@code /proc/thread-self} or {@code renice} is
 * missing.
 */
final class BackgroundPriority {

  /** The nice value: the lowest priority of the normal scheduling class. */
  static final int NICE = 19;

  private static final long TIMEOUT_SECONDS = 5;

  private BackgroundPriority() {}

  /**
   * Lowers the calling thread's priority.
   *
   * @return whether it was lowered
   */
  static boolean lowerCurrentThread() {
    String tid;
    try {
      // "<pid>/task/<tid>": the calling thread's own entry.
      tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    } catch (IOException | UnsupportedOperationException e) {
      return false; // not Linux, or no /proc
    }
    try {
      Process renice =
          new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.DISCARD)
              .start();
      if (!renice.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        return false;
      }
      return renice.exitValue() == 0;
    } catch (IOException e) {
      return false; // no renice on this system
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The calling thread's nice value, or empty where it cannot be read (not Linux). */
  static OptionalInt currentNice() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/stat"));
      // Fields after the command name (which may hold spaces) end with ')'; nice is field 19.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalInt.of(Integer.parseInt(fields[16]));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }
}
