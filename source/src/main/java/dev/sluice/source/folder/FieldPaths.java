package dev.sluice.source.folder;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;

/**
 * Renders field paths the way Kubernetes users write them: {@code spec.listeners[0].port}.
 *
 * <p>Stateless.
 */
final class FieldPaths {

  private FieldPaths() {}

  /** The path of a binding error, from the references Jackson collected while unwinding. */
  static String of(List<JacksonException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference ref : path) {
      if (ref.getPropertyName() != null) {
        appendName(out, ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** The path of a parser's current position within its document. */
  static String of(TokenStreamContext context) {
    Deque<TokenStreamContext> chain = new ArrayDeque<>();
    for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    StringBuilder out = new StringBuilder();
    for (TokenStreamContext c : chain) {
      if (c.inArray() && c.hasCurrentIndex()) {
        out.append('[').append(c.getCurrentIndex()).append(']');
      } else if (c.inObject() && c.hasCurrentName()) {
        appendName(out, c.currentName());
      }
    }
    return out.toString();
  }

  private static void appendName(StringBuilder out, String name) {
    if (!out.isEmpty()) {
      out.append('.');
    }
    out.append(name);
  }
}
