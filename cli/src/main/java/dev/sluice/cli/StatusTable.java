package dev.sluice.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Renders a status list ({@code kind: List} with {@code items} and {@code problems}) as a table a
 * person can read, and decides whether every object is fully accepted.
 *
 * <p>Works on the JSON tree so that it renders a local translation and a remote {@code /api/status}
 * alike. Stateless.
 */
final class StatusTable {

  private static final List<String> MUST_BE_TRUE =
      List.of("Accepted", "Programmed", "ResolvedRefs");

  private StatusTable() {}

  static String render(JsonNode list) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KIND", "NAME", "STATUS", "DETAIL"});
    for (JsonNode item : list.path("items")) {
      String kind = item.path("kind").asString();
      String name = qualifiedName(item.path("metadata"));
      JsonNode status = item.path("status");
      rows.add(new String[] {kind, name, summary(status.path("conditions")), ""});
      for (JsonNode listener : status.path("listeners")) {
        rows.add(
            new String[] {
              "  listener",
              listener.path("name").asString(),
              summary(listener.path("conditions")),
              "attachedRoutes=" + listener.path("attachedRoutes").asInt()
            });
      }
      for (JsonNode parent : status.path("parents")) {
        JsonNode ref = parent.path("parentRef");
        rows.add(
            new String[] {
              "  parent",
              ref.path("kind").asString("Gateway")
                  + " "
                  + ref.path("namespace")
                      .asString(item.path("metadata").path("namespace").asString())
                  + "/"
                  + ref.path("name").asString()
                  + sectionSuffix(ref),
              summary(parent.path("conditions")),
              ""
            });
      }
    }
    StringBuilder out = new StringBuilder(format(rows));
    JsonNode problems = list.path("problems");
    if (!problems.isEmpty()) {
      out.append("\nPROBLEMS\n");
      for (JsonNode problem : problems) {
        out.append("  ").append(problemLine(problem)).append('\n');
      }
    }
    return out.toString();
  }

  /** True when no object has a failing condition and no problem is an error. */
  static boolean allAccepted(JsonNode list) {
    for (JsonNode problem : list.path("problems")) {
      if ("ERROR".equals(problem.path("severity").asString())) {
        return false;
      }
    }
    for (JsonNode item : list.path("items")) {
      JsonNode status = item.path("status");
      if (failing(status.path("conditions"))) {
        return false;
      }
      for (JsonNode nested : concat(status.path("listeners"), status.path("parents"))) {
        if (failing(nested.path("conditions"))) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<JsonNode> concat(JsonNode first, JsonNode second) {
    List<JsonNode> all = new ArrayList<>();
    first.forEach(all::add);
    second.forEach(all::add);
    return all;
  }

  private static boolean failing(JsonNode conditions) {
    for (JsonNode condition : conditions) {
      String type = condition.path("type").asString();
      String status = condition.path("status").asString();
      if (MUST_BE_TRUE.contains(type) && !"True".equals(status)) {
        return true;
      }
      if ("Conflicted".equals(type) && "True".equals(status)) {
        return true;
      }
    }
    return false;
  }

  private static String summary(JsonNode conditions) {
    List<String> parts = new ArrayList<>();
    for (JsonNode condition : conditions) {
      String type = condition.path("type").asString();
      String status = condition.path("status").asString();
      boolean conflicted = "Conflicted".equals(type);
      if (conflicted && "False".equals(status)) {
        continue; // the healthy state of a negative-polarity condition is not worth a column
      }
      boolean expected = !conflicted && "True".equals(status);
      parts.add(
          expected ? type : type + "=" + status + "(" + condition.path("reason").asString() + ")");
    }
    return parts.isEmpty() ? "-" : String.join(" ", parts);
  }

  private static String problemLine(JsonNode problem) {
    StringBuilder line = new StringBuilder();
    if (problem.has("file")) {
      line.append(problem.path("file").asString());
      if (problem.path("line").asInt() > 0) {
        line.append(':').append(problem.path("line").asInt());
      }
      line.append(": ");
    }
    line.append(problem.path("severity").asString()).append(' ');
    if (problem.has("object")) {
      line.append(problem.path("object").asString()).append(": ");
    }
    if (problem.has("field")) {
      line.append(problem.path("field").asString()).append(": ");
    }
    return line.append(problem.path("message").asString()).toString();
  }

  private static String qualifiedName(JsonNode metadata) {
    String namespace = metadata.path("namespace").asString("");
    String name = metadata.path("name").asString();
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  private static String sectionSuffix(JsonNode ref) {
    return ref.has("sectionName") ? " (" + ref.path("sectionName").asString() + ")" : "";
  }

  private static String format(List<String[]> rows) {
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < row.length - 1; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i < row.length - 1 ? pad(row[i], widths[i] + 2) : row[i]);
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String pad(String value, int width) {
    return value + " ".repeat(Math.max(0, width - value.length()));
  }
}
