package dev.sluice.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tally of {@link NothingLostTest}: every request attempt ends in exactly one {@link Kind}.
 * Thread-safe.
 */
final class Outcomes {

  /** What became of one request (reliability-security.md §6.2). */
  enum Kind {
    /** (a) a 200 relayed from a backend. */
    RELAYED,
    /** (b) a status Sluice generated itself, with a text body. */
    GENERATED,
    /** (c) an explicit "not processed" signal after close started. */
    NOT_PROCESSED,
    /** Anything else: a reset or close after the request was sent, a hang, a bad answer. */
    LOST
  }

  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final AtomicLong attempts = new AtomicLong();
  private final Map<Kind, AtomicLong> counts = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> lost = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> generated = new ConcurrentLinkedQueue<>();

  void startClose() {
    closeStarted.set(true);
  }

  boolean closeStarted() {
    return closeStarted.get();
  }

  void attempt() {
    attempts.incrementAndGet();
  }

  long attempts() {
    return attempts.get();
  }

  void relayed() {
    increment(Kind.RELAYED);
  }

  void generated(int status, String body) {
    generated.add(status + " " + body.strip() + (closeStarted() ? " (during close)" : ""));
    increment(Kind.GENERATED);
  }

  /**
   * A "not processed" signal; before close started none is expected (a reload must not drop a
   * connection), so it counts as lost then.
   */
  void notProcessed(String how) {
    if (closeStarted()) {
      increment(Kind.NOT_PROCESSED);
    } else {
      lost(how + " before close started");
    }
  }

  void lost(String what) {
    lost.add(what);
    increment(Kind.LOST);
  }

  long count(Kind kind) {
    return counts.getOrDefault(kind, new AtomicLong()).get();
  }

  long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  ConcurrentLinkedQueue<String> lostDescriptions() {
    return lost;
  }

  ConcurrentLinkedQueue<String> generatedDescriptions() {
    return generated;
  }

  private void increment(Kind kind) {
    counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public String toString() {
    return "attempts=" + attempts + " " + counts;
  }
}
