package dev.sluice.conformance.harness;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail policy of {@link PrivilegedPorts}, apart from the machine it runs on. */
class PrivilegedPortsTest {

  private static final Optional<String> DENIED = Optional.of("cannot bind 127.0.0.9:80 (denied)");

  @Test
  void bindablePortsNeitherSkipNorFail() {
    assertThatCode(() -> PrivilegedPorts.decide(Optional.empty(), Map.of("CI", "true"), false))
        .doesNotThrowAnyException();
    assertThatCode(() -> PrivilegedPorts.decide(Optional.empty(), Map.of(), false))
        .doesNotThrowAnyException();
  }

  @Test
  void ordinaryUserOutsideCiSkipsWithTheRemedy() {
    assertThatThrownBy(() -> PrivilegedPorts.decide(DENIED, Map.of(), false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(PrivilegedPorts.SKIP_MESSAGE)
        .hasMessageContaining("denied");
    assertThatThrownBy(() -> PrivilegedPorts.decide(DENIED, Map.of("CI", "false"), false))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void ciFailsLoudlyEvenForAnOrdinaryUser() {
    assertThatThrownBy(() -> PrivilegedPorts.decide(DENIED, Map.of("CI", "true"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining("denied");
  }

  @Test
  void rootFailsLoudlyBecauseSomethingElseHoldsThePort() {
    assertThatThrownBy(() -> PrivilegedPorts.decide(DENIED, Map.of(), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ports 80 and 443");
  }
}
