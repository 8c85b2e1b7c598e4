package dev.sluice.translate;

import dev.sluice.ir.StreamRoute;
import java.util.Comparator;

/**
 * A stream route attached to a listener, with the age of the route object that produced it, for the
 * Gateway API tie-break order (oldest first). Immutable.
 *
 * @param created the route's creationTimestamp (RFC 3339, compares as text), {@code ""} if unset
 */
record AttachedStreamRoute(String created, StreamRoute route)
    implements Comparable<AttachedStreamRoute> {

  private static final Comparator<AttachedStreamRoute> ORDER =
      Comparator.comparing(AttachedStreamRoute::created)
          .thenComparing(a -> a.route().key().kind())
          .thenComparing(a -> a.route().key().namespace())
          .thenComparing(a -> a.route().key().name())
          .thenComparingInt(a -> a.route().key().ruleIndex());

  @Override
  public int compareTo(AttachedStreamRoute other) {
    return ORDER.compare(this, other);
  }
}
