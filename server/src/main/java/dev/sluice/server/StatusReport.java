package dev.sluice.server;

import dev.sluice.source.Problem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statuses of every Gateway API object and the problems of the current config, as the admin API
 * and {@code sluice validate} show them.
 *
 * <p>Immutable once published: the objects are private copies that nothing mutates afterwards.
 *
 * @param objects every object with its {@code status}, as it would read back from a cluster
 * @param problems what is wrong with the config, including files that could not be read
 */
public record StatusReport(List<HasMetadata> objects, List<Problem> problems) {

  public static final StatusReport EMPTY = new StatusReport(List.of(), List.of());

  public StatusReport {
    objects = List.copyOf(objects);
    problems = List.copyOf(problems);
  }

  /**
   * A Kubernetes-style list ({@code apiVersion: v1, kind: List, items: [...]}), with the problems
   * under an extra top-level {@code problems} field that Kubernetes clients ignore.
   */
  public Map<String, Object> toKubernetesList() {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.put("items", objects);
    list.put("problems", problems.stream().map(StatusReport::problemView).toList());
    return list;
  }

  private static Map<String, Object> problemView(Problem problem) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("severity", problem.severity().name());
    problem
        .location()
        .ifPresent(
            location -> {
              view.put("file", location.file());
              view.put("line", location.line());
            });
    problem.object().ifPresent(object -> view.put("object", object.toString()));
    if (!problem.field().isEmpty()) {
      view.put("field", problem.field());
    }
    view.put("message", problem.message());
    return view;
  }
}
