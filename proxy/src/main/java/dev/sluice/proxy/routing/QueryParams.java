package dev.sluice.proxy.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The first value of each query parameter, percent-decoded, parsed once from a raw query. Names are
 * case-sensitive. Not thread-safe; build one per request, and only when a route needs it.
 */
public final class QueryParams {

  private final Map<String, String> first = new HashMap<>();

  private QueryParams() {}

  /** Parses {@code rawQuery} (without the leading {@code ?}). Malformed escapes are kept as-is. */
  public static QueryParams parse(String rawQuery) {
    QueryParams params = new QueryParams();
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > start) {
        String pair = rawQuery.substring(start, end);
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.first.putIfAbsent(name, value);
      }
      start = end + 1;
    }
    return params;
  }

  public Optional<String> first(String name) {
    return Optional.ofNullable(first.get(name));
  }

  /** Decodes {@code %XX} escapes as UTF-8; {@code +} stays a plus sign. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (s.charAt(i) == '%' && lo >= 0) {
        out.write((hi << 4) | lo);
        i += 3;
      } else {
        int next = s.indexOf('%', i + 1);
        int end = next < 0 ? s.length() : next;
        out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
