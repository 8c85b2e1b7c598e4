package dev.sluice.conformance.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the echo backend says it received (the echo JSON of conformance notes §4.1).
 *
 * @param path the request target as received (path and query)
 * @param host the Host / :authority as received
 * @param method the method
 * @param headers header values by the name the backend reported (canonical case)
 * @param namespace the pod's namespace
 * @param pod the pod name
 * @param serverName the SNI the backend saw, empty without TLS
 * @param peerCertificates the client certificates (PEM) the backend saw
 */
public record EchoedRequest(
    String path,
    String host,
    String method,
    Map<String, List<String>> headers,
    String namespace,
    String pod,
    String serverName,
    List<String> peerCertificates) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Parses an echo body; empty when it is not one. */
  public static Optional<EchoedRequest> parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (var entry : root.path("headers").properties()) {
      List<String> values = new ArrayList<>();
      entry.getValue().forEach(value -> values.add(value.asString("")));
      headers.put(entry.getKey(), values);
    }
    List<String> peers = new ArrayList<>();
    root.path("tls").path("peerCertificates").forEach(pem -> peers.add(pem.asString("")));
    return Optional.of(
        new EchoedRequest(
            root.path("path").asString(""),
            root.path("host").asString(""),
            root.path("method").asString(""),
            headers,
            root.path("namespace").asString(""),
            root.path("pod").asString(""),
            root.path("tls").path("serverName").asString(""),
            peers));
  }

  /** The values of header {@code name} (case-insensitive) joined with {@code ,}, if present. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .map(entry -> String.join(",", entry.getValue()))
        .findFirst();
  }

  /** The backend name: the pod name without its last two {@code -} segments (§4.4). */
  public String backend() {
    String[] parts = pod.split("-");
    return parts.length <= 2
        ? pod
        : String.join("-", java.util.Arrays.copyOf(parts, parts.length - 2));
  }
}
