package dev.sluice.conformance.checks;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP response as the client received it.
 *
 * @param status the status code
 * @param headers header values by lower-case name, in arrival order
 * @param body the body as UTF-8 text
 */
public record HttpResult(int status, Map<String, List<String>> headers, String body) {

  public HttpResult {
    headers = Map.copyOf(headers);
  }

  /** The values of {@code name} joined with {@code ,} (as Go's suite compares them), if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null ? Optional.empty() : Optional.of(String.join(",", values));
  }

  /** The echo backend's description of the request, when the body is one (§4.4). */
  public Optional<EchoedRequest> echoed() {
    boolean json =
        header("content-type").map(type -> type.equals("application/json")).orElse(false);
    return json ? EchoedRequest.parse(body) : Optional.empty();
  }
}
