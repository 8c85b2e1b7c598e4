package dev.sluice.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin endpoints and what each answers. Every answer is built from values the {@link
 * AdminModel} already holds, so nothing here blocks. Thread-safe (immutable).
 */
final class AdminRoutes {

  static final String ALLOW = "GET, HEAD";

  private static final ObjectMapper STATUS_JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Map<String, Function<AdminModel, FullHttpResponse>> endpoints =
      Map.of(
          "/healthz", model -> AdminResponses.text(HttpResponseStatus.OK, "ok"),
          "/readyz", AdminRoutes::readiness,
          "/api/status",
              model -> AdminResponses.json(STATUS_JSON.writeValueAsString(model.statuses())),
          "/api/snapshot", model -> AdminResponses.json(IrJson.toJson(model.snapshot())));
  private final AdminModel model;

  AdminRoutes(AdminModel model) {
    this.model = model;
  }

  /** The answer to {@code method path}; the caller owns the returned response. */
  FullHttpResponse answer(HttpMethod method, String path) {
    Optional<Function<AdminModel, FullHttpResponse>> endpoint =
        Optional.ofNullable(endpoints.get(path));
    if (endpoint.isEmpty()) {
      return AdminResponses.text(HttpResponseStatus.NOT_FOUND, notFound(path));
    }
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      FullHttpResponse response =
          AdminResponses.text(
              HttpResponseStatus.METHOD_NOT_ALLOWED,
              "method " + method + " not allowed on " + path + " (expected: " + ALLOW + ")\n");
      response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
      return response;
    }
    return endpoint.get().apply(model);
  }

  private static FullHttpResponse readiness(AdminModel model) {
    return model.ready()
        ? AdminResponses.text(HttpResponseStatus.OK, "ready")
        : AdminResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready");
  }

  private static String notFound(String path) {
    return "no admin endpoint at "
        + path
        + "\n\nendpoints:\n"
        + "  GET /healthz       liveness: always \"ok\"\n"
        + "  GET /readyz        readiness: \"ready\" once config is applied and listeners bound\n"
        + "  GET /api/status    every object with its status (JSON, a Kubernetes List)\n"
        + "  GET /api/snapshot  the IR being served (JSON)\n";
  }
}
