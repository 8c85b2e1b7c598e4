package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;

/**
 * The share of requests a RequestMirror copies, as numerator and denominator: {@code percent} is
 * n/100, {@code fraction} is as given (denominator 100 by default), neither means all. Stateless.
 */
final class MirrorShares {

  /** A valid fraction of requests. */
  record Share(int numerator, int denominator) {
    static final Share ALL = new Share(1, 1);
  }

  private MirrorShares() {}

  /** The share to mirror; an invalid one is reported to {@code issues} and replaced by all. */
  static Share of(HTTPRequestMirrorFilter mirror, String field, RouteIssues issues) {
    if (mirror.getPercent() != null && mirror.getFraction() != null) {
      issues.unsupported(field, "only one of percent and fraction may be set");
      return Share.ALL;
    }
    if (mirror.getPercent() != null) {
      int percent = mirror.getPercent();
      if (percent < 0 || percent > 100) {
        issues.unsupported(field + ".percent", "percent " + percent + " (expected: 0..100)");
        return Share.ALL;
      }
      return new Share(percent, 100);
    }
    if (mirror.getFraction() != null) {
      Integer numerator = mirror.getFraction().getNumerator();
      int denominator =
          mirror.getFraction().getDenominator() == null
              ? 100
              : mirror.getFraction().getDenominator();
      if (numerator == null || denominator <= 0 || numerator < 0 || numerator > denominator) {
        issues.unsupported(
            field + ".fraction",
            "fraction "
                + numerator
                + "/"
                + denominator
                + " (expected: 0 <= numerator <= denominator, denominator > 0)");
        return Share.ALL;
      }
      return new Share(numerator, denominator);
    }
    return Share.ALL;
  }
}
