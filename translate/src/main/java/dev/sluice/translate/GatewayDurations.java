package dev.sluice.translate;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Gateway API duration strings (GEP-2257): one to four groups of up to five digits, each
 * followed by a unit {@code h}, {@code m}, {@code s} or {@code ms}, each unit at most once, e.g.
 * {@code 500ms}, {@code 1h30m}, {@code 0s}. Signs, fractions, spaces and other units are invalid.
 * Stateless.
 */
final class GatewayDurations {

  private static final Pattern WHOLE = Pattern.compile("([0-9]{1,5}(h|ms|m|s)){1,4}");
  private static final Pattern PART = Pattern.compile("([0-9]{1,5})(h|ms|m|s)");

  private GatewayDurations() {}

  /** The duration {@code text} denotes, or empty when it is not a Gateway API duration. */
  static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Set<String> units = new HashSet<>();
    Matcher part = PART.matcher(text);
    while (part.find()) {
      if (!units.add(part.group(2))) {
        return Optional.empty();
      }
      total = total.plus(of(Long.parseLong(part.group(1)), part.group(2)));
    }
    return Optional.of(total);
  }

  private static Duration of(long amount, String unit) {
    return switch (unit) {
      case "h" -> Duration.ofHours(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMillis(amount);
    };
  }
}
