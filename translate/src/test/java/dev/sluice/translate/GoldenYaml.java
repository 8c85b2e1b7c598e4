package dev.sluice.translate;

import dev.sluice.identity.Pem;
import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.HeaderMatch;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.Listener;
import dev.sluice.ir.PathModifier;
import dev.sluice.ir.QueryParamMatch;
import dev.sluice.ir.RetryPolicy;
import dev.sluice.ir.Route;
import dev.sluice.ir.RouteMatch;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.ir.UpstreamTls;
import dev.sluice.ir.VirtualHost;
import dev.sluice.ir.VirtualHostType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Test-only: writes a {@link TranslationResult} as readable, stable YAML — the IR in a compact
 * form, each status as the object's kind, name, generation and {@code status}, and each problem as
 * its one-line form. Conditions omit lastTransitionTime (checked by {@code TranslatorTest}).
 */
final class GoldenYaml {

  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .build();

  private GoldenYaml() {}

  static String write(TranslationResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("ir", ir(result.ir()));
    root.put("statuses", result.statuses().stream().map(GoldenYaml::status).toList());
    root.put("problems", result.problems().stream().map(Object::toString).toList());
    return YAML.writeValueAsString(root);
  }

  private static Object ir(GatewayIr ir) {
    return ir.listeners().stream().map(GoldenYaml::listener).toList();
  }

  private static Map<String, Object> listener(Listener listener) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("listener", listener.name());
    map.put("protocol", listener.protocol().name());
    map.put("virtualHosts", listener.virtualHosts().stream().map(GoldenYaml::virtualHost).toList());
    if (!listener.limits().equals(ClientLimits.DEFAULTS)) {
      map.put("limits", limits(listener.limits()));
    }
    return map;
  }

  /** The limits that differ from the defaults, by record component name. */
  private static Map<String, Object> limits(ClientLimits limits) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (var component : ClientLimits.class.getRecordComponents()) {
      try {
        Object value = component.getAccessor().invoke(limits);
        if (!value.equals(component.getAccessor().invoke(ClientLimits.DEFAULTS))) {
          map.put(component.getName(), value.toString());
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return map;
  }

  private static Map<String, Object> virtualHost(VirtualHost host) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("source", host.source().toString());
    if (host.type() != VirtualHostType.HTTP) {
      map.put("type", host.type().name());
    }
    map.put("hostname", host.hostname().orElse("(any)"));
    host.tls().ifPresent(t -> map.put("tls", tls(t)));
    if (host.type() == VirtualHostType.HTTP || host.type() == VirtualHostType.HTTPS) {
      map.put("routes", host.routes().stream().map(GoldenYaml::route).toList());
    } else {
      map.put("streamRoutes", host.streamRoutes().stream().map(GoldenYaml::streamRoute).toList());
    }
    return map;
  }

  private static Map<String, Object> tls(TlsTermination tls) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("certificates", tls.certificates().stream().map(GoldenYaml::keyPair).toList());
    tls.clientValidation()
        .ifPresent(
            v ->
                map.put(
                    "clientValidation",
                    // A sorted map: Map.of iterates in a different order on each JVM run.
                    new TreeMap<>(
                        Map.of(
                            "mode", v.mode().name(),
                            "caCertificates", v.caCertificatesPem().size()))));
    return map;
  }

  /** Never the key: goldens (and logs) must not carry it. */
  private static Map<String, Object> keyPair(CertificateKeyPair pair) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", pair.name());
    map.put("chain", Pem.parseCertificates(pair.certificateChainPem()).size() + " certificate(s)");
    map.put("privateKey", "<redacted>");
    return map;
  }

  private static Map<String, Object> streamRoute(StreamRoute route) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(
        "key", route.key().toString() + route.key().ruleName().map(n -> " (" + n + ")").orElse(""));
    putIfNotEmpty(map, "hostnames", route.hostnames());
    map.put("backends", route.backends().stream().map(GoldenYaml::backendRef).toList());
    return map;
  }

  private static Map<String, Object> route(Route route) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(
        "key", route.key().toString() + route.key().ruleName().map(n -> " (" + n + ")").orElse(""));
    map.put("hostnames", route.hostnames().isEmpty() ? "(any)" : route.hostnames());
    map.put("match", match(route.match()));
    putIfNotEmpty(map, "filters", route.filters().stream().map(GoldenYaml::filter).toList());
    map.put("backends", route.backends().stream().map(GoldenYaml::backendRef).toList());
    route.timeouts().request().ifPresent(d -> map.put("requestTimeout", d.toString()));
    route
        .timeouts()
        .backendRequest()
        .ifPresent(d -> map.put("backendRequestTimeout", d.toString()));
    route.retry().ifPresent(r -> map.put("retry", retry(r)));
    return map;
  }

  private static Map<String, Object> retry(RetryPolicy retry) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("attempts", retry.attempts());
    putIfNotEmpty(map, "codes", retry.codes());
    retry.backoff().ifPresent(d -> map.put("backoff", d.toString()));
    return map;
  }

  private static Map<String, Object> match(RouteMatch match) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("path", match.path().kind() + " " + match.path().value());
    match.method().ifPresent(m -> map.put("method", m));
    putIfNotEmpty(map, "headers", match.headers().stream().map(GoldenYaml::header).toList());
    putIfNotEmpty(map, "queryParams", match.queryParams().stream().map(GoldenYaml::query).toList());
    return map;
  }

  private static String header(HeaderMatch h) {
    return h.name() + " " + h.kind() + " " + h.value();
  }

  private static String query(QueryParamMatch q) {
    return q.name() + " " + q.kind() + " " + q.value();
  }

  private static Map<String, Object> backendRef(BackendRef ref) {
    Map<String, Object> map = new LinkedHashMap<>(backend(ref.backend()));
    map.put("weight", ref.weight());
    putIfNotEmpty(map, "filters", ref.filters().stream().map(GoldenYaml::filter).toList());
    return map;
  }

  private static Map<String, Object> backend(Backend backend) {
    Map<String, Object> map = new LinkedHashMap<>();
    switch (backend) {
      case Backend.Service s -> {
        map.put("service", s.name());
        map.put("endpoints", s.endpoints().stream().map(Object::toString).toList());
        if (s.protocol() != UpstreamProtocol.HTTP1) {
          map.put("protocol", s.protocol().name());
        }
        s.tls().ifPresent(t -> map.put("tls", upstreamTls(t)));
      }
      case Backend.Invalid i -> map.put("invalid", i.reason());
    }
    return map;
  }

  private static Map<String, Object> upstreamTls(UpstreamTls tls) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("serverName", tls.serverName());
    map.put(
        "caCertificates",
        tls.caCertificatesPem().isEmpty() ? "system" : tls.caCertificatesPem().size());
    putIfNotEmpty(
        map,
        "subjectAltNames",
        tls.subjectAltNames().stream().map(n -> n.type() + " " + n.value()).toList());
    tls.clientCertificate().ifPresent(c -> map.put("clientCertificate", keyPair(c)));
    return map;
  }

  private static Map<String, Object> filter(HttpFilterSpec spec) {
    Map<String, Object> body = new LinkedHashMap<>();
    String type =
        switch (spec) {
          case HttpFilterSpec.RequestHeaderModifier m -> {
            headerEdits(body, m.set(), m.add(), m.remove());
            yield "requestHeaderModifier";
          }
          case HttpFilterSpec.ResponseHeaderModifier m -> {
            headerEdits(body, m.set(), m.add(), m.remove());
            yield "responseHeaderModifier";
          }
          case HttpFilterSpec.RequestRedirect r -> {
            r.scheme().ifPresent(s -> body.put("scheme", s));
            r.hostname().ifPresent(h -> body.put("hostname", h));
            r.path().ifPresent(p -> body.put("path", path(p)));
            r.port().ifPresent(p -> body.put("port", p));
            body.put("statusCode", r.statusCode());
            yield "requestRedirect";
          }
          case HttpFilterSpec.UrlRewrite r -> {
            r.hostname().ifPresent(h -> body.put("hostname", h));
            r.path().ifPresent(p -> body.put("path", path(p)));
            yield "urlRewrite";
          }
          case HttpFilterSpec.RequestMirror m -> {
            body.putAll(backend(m.backend()));
            body.put("fraction", m.numerator() + "/" + m.denominator());
            yield "requestMirror";
          }
          case HttpFilterSpec.Cors c -> {
            body.put("allowOrigins", c.allowOrigins());
            body.put("allowMethods", c.allowMethods());
            body.put("allowHeaders", c.allowHeaders());
            body.put("exposeHeaders", c.exposeHeaders());
            body.put("allowCredentials", c.allowCredentials());
            c.maxAge().ifPresent(age -> body.put("maxAge", age.toSeconds()));
            yield "cors";
          }
        };
    return Map.of(type, body);
  }

  private static void headerEdits(
      Map<String, Object> body, List<HttpHeader> set, List<HttpHeader> add, List<String> remove) {
    putIfNotEmpty(body, "set", set.stream().map(h -> h.name() + ": " + h.value()).toList());
    putIfNotEmpty(body, "add", add.stream().map(h -> h.name() + ": " + h.value()).toList());
    putIfNotEmpty(body, "remove", remove);
  }

  private static String path(PathModifier modifier) {
    return switch (modifier) {
      case PathModifier.ReplaceFullPath f -> "ReplaceFullPath " + f.path();
      case PathModifier.ReplacePrefixMatch p -> "ReplacePrefixMatch " + p.prefix();
    };
  }

  private static Map<String, Object> status(HasMetadata object) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("kind", object.getKind());
    String namespace = object.getMetadata().getNamespace();
    map.put("name", (namespace == null ? "" : namespace + "/") + object.getMetadata().getName());
    Optional.ofNullable(object.getMetadata().getGeneration())
        .ifPresent(g -> map.put("generation", g));
    map.put("status", normalize(YAML.valueToTree(object).path("status")));
    return map;
  }

  /** Puts keys in a reading order, drops lastTransitionTime and counts supportedFeatures. */
  private static Object normalize(JsonNode node) {
    if (node.isArray()) {
      return node.valueStream().map(GoldenYaml::normalize).toList();
    }
    if (!node.isObject()) {
      return node;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (String key : KEY_ORDER) {
      if (node.has(key)) {
        map.put(key, normalize(node.get(key)));
      }
    }
    for (String key : node.propertyNames()) {
      if (key.equals("supportedFeatures")) {
        // The same list on every class; SupportedFeaturesTest checks it.
        map.put(key, node.get(key).size() + " features");
      } else if (!map.containsKey(key) && !key.equals("lastTransitionTime")) {
        map.put(key, normalize(node.get(key)));
      }
    }
    return map;
  }

  private static final List<String> KEY_ORDER =
      List.of(
          "name",
          "type",
          "status",
          "reason",
          "message",
          "observedGeneration",
          "group",
          "kind",
          "namespace",
          "sectionName",
          "port",
          "value",
          "controllerName",
          "parentRef",
          "ancestorRef",
          "addresses",
          "attachedRoutes",
          "supportedKinds",
          "conditions",
          "listeners",
          "parents",
          "ancestors");

  private static void putIfNotEmpty(Map<String, Object> map, String key, List<?> values) {
    if (!values.isEmpty()) {
      map.put(key, values);
    }
  }
}
