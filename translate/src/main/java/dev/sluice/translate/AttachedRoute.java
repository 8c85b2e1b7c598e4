package dev.sluice.translate;

import dev.sluice.ir.Route;
import java.util.Comparator;

/**
 * An IR route attached to a listener, with the age of the route object that produced it, so that
 * routes can be put in the Gateway API tie-break order. Immutable.
 *
 * @param created the route's creationTimestamp (RFC 3339, compares as text), {@code ""} if unset
 */
record AttachedRoute(String created, Route route) implements Comparable<AttachedRoute> {

  private static final Comparator<AttachedRoute> ORDER =
      Comparator.comparing(AttachedRoute::created)
          .thenComparing(a -> a.route().key().kind())
          .thenComparing(a -> a.route().key().namespace())
          .thenComparing(a -> a.route().key().name())
          .thenComparingInt(a -> a.route().key().ruleIndex())
          .thenComparingInt(a -> a.route().key().matchIndex());

  @Override
  public int compareTo(AttachedRoute other) {
    return ORDER.compare(this, other);
  }
}
