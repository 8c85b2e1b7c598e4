package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayDurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0s,0",
    "500ms,500",
    "1s,1000",
    "1h,3600000",
    "1h30m,5400000",
    "1m500ms,60500",
    "99999ms,99999",
    "1h2m3s4ms,3723004"
  })
  void parsesGatewayApiDurations(String text, long millis) {
    assertThat(GatewayDurations.parse(text)).contains(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "1", "1.5s", "-1s", "1d", "1s1s", "100000s", "1 s", "1h1m1s1ms1h", "s"})
  void rejectsEverythingElse(String text) {
    assertThat(GatewayDurations.parse(text)).isEmpty();
  }
}
