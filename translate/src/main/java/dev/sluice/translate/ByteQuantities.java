package dev.sluice.translate;

import dev.sluice.source.api.ByteSize;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Kubernetes quantities that denote a number of bytes: a plain integer ({@code 65536}) or a
 * decimal number with a binary ({@code Ki}, {@code Mi}, {@code Gi}, {@code Ti}) or decimal ({@code
 * k}, {@code M}, {@code G}, {@code T}) suffix, e.g. {@code 8Ki}, {@code 1.5Mi}, {@code 64k}.
 * Exponent forms ({@code 1e3}) and milli ({@code m}) are refused: a byte count has no use for them,
 * and an exponent would let a tiny string denote an astronomically large number. Stateless.
 */
final class ByteQuantities {

  private static final Pattern QUANTITY =
      Pattern.compile("([0-9]{1,19}(?:\\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|k|M|G|T)?");

  private static final Map<String, BigDecimal> MULTIPLIERS =
      Map.of(
          "", BigDecimal.ONE,
          "Ki", BigDecimal.valueOf(1L << 10),
          "Mi", BigDecimal.valueOf(1L << 20),
          "Gi", BigDecimal.valueOf(1L << 30),
          "Ti", BigDecimal.valueOf(1L << 40),
          "k", BigDecimal.valueOf(1_000L),
          "M", BigDecimal.valueOf(1_000_000L),
          "G", BigDecimal.valueOf(1_000_000_000L),
          "T", BigDecimal.valueOf(1_000_000_000_000L));

  private ByteQuantities() {}

  /** The whole number of bytes {@code quantity} denotes; empty when it denotes no such number. */
  static Optional<BigDecimal> bytes(ByteSize size) {
    Matcher matcher = QUANTITY.matcher(size.text().strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    BigDecimal value =
        new BigDecimal(matcher.group(1))
            .multiply(MULTIPLIERS.get(matcher.group(2) == null ? "" : matcher.group(2)));
    return value.stripTrailingZeros().scale() > 0 ? Optional.empty() : Optional.of(value);
  }
}
