package dev.sluice.echo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written the way Go's {@code time.ParseDuration} accepts them ({@code 300ms},
 * {@code 1.5s}, {@code 1m30s}), because the conformance suite sends {@code delay} and {@code
 * delayRetry} in that syntax. Stateless.
 */
final class GoDuration {

  private static final Pattern PART =
      Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not a Go duration
   */
  static Duration parse(String text) {
    String rest = text;
    boolean negative = false;
    if (rest.startsWith("-") || rest.startsWith("+")) {
      negative = rest.charAt(0) == '-';
      rest = rest.substring(1);
    }
    if (rest.equals("0")) {
      return Duration.ZERO;
    }
    BigDecimal nanos = sumOfParts(text, rest);
    Duration duration = Duration.ofNanos(nanos.longValue());
    return negative ? duration.negated() : duration;
  }

  private static BigDecimal sumOfParts(String text, String rest) {
    if (rest.isEmpty()) {
      throw invalid(text);
    }
    Matcher matcher = PART.matcher(rest);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < rest.length()) {
      matcher.region(position, rest.length());
      if (!matcher.lookingAt() || !hasDigit(matcher.group(1))) {
        throw invalid(text);
      }
      BigDecimal unit = BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)));
      nanos = nanos.add(new BigDecimal(withLeadingDigit(matcher.group(1))).multiply(unit));
      position = matcher.end();
    }
    return nanos;
  }

  private static boolean hasDigit(String number) {
    return number.chars().anyMatch(Character::isDigit);
  }

  private static String withLeadingDigit(String number) {
    String leading = number.startsWith(".") ? "0" + number : number;
    return leading.endsWith(".") ? leading + "0" : leading;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration \"" + text + "\" (expected a Go duration such as 300ms, 1.5s or 1m30s)");
  }
}
