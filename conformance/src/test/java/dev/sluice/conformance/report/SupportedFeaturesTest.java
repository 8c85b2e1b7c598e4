package dev.sluice.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The GatewayClass status (written by the translator) lists exactly the features this replay claims
 * in its report, so a user reading either sees the same truth.
 */
class SupportedFeaturesTest {

  @Test
  void gatewayClassStatusAndReportClaimTheSameFeatures() {
    assertThat(dev.sluice.translate.SupportedFeatures.names())
        .containsExactlyInAnyOrderElementsOf(SupportedFeatures.CLAIMED);
  }
}
