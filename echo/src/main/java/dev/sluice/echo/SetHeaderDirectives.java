package dev.sluice.echo;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code X-Echo-Set-Header} request headers ({@code Name:Val,Name2:Val2}) and applies them to
 * the response, which lets a test ask the backend for specific response headers. The name keeps its
 * case; a repeated name gets its values joined with a comma. Entries with an empty or invalid name
 * are ignored. Stateless.
 */
final class SetHeaderDirectives {

  static final String HEADER = "X-Echo-Set-Header";

  private SetHeaderDirectives() {}

  /** The response headers requested by {@code request}, in request order. */
  static List<Map.Entry<String, String>> parse(HttpHeaders request) {
    Map<String, Map.Entry<String, String>> byName = new TreeMap<>();
    List<String> order = new ArrayList<>();
    for (String value : request.getAll(HEADER)) {
      for (String directive : value.split(",")) {
        int colon = directive.indexOf(':');
        String name = (colon < 0 ? directive : directive.substring(0, colon)).trim();
        String headerValue = colon < 0 ? "" : directive.substring(colon + 1).trim();
        if (!isValidName(name)) {
          continue;
        }
        String key = name.toLowerCase(Locale.ROOT);
        Map.Entry<String, String> previous = byName.get(key);
        if (previous == null) {
          order.add(key);
          byName.put(key, Map.entry(name, headerValue));
        } else {
          byName.put(key, Map.entry(previous.getKey(), previous.getValue() + "," + headerValue));
        }
      }
    }
    return order.stream().map(byName::get).toList();
  }

  /** Sets each requested header on {@code response}. */
  static void apply(HttpHeaders request, HttpHeaders response) {
    for (Map.Entry<String, String> header : parse(request)) {
      response.set(header.getKey(), header.getValue());
    }
  }

  private static boolean isValidName(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> GoHeaderNames.isTokenChar((char) c));
  }
}
