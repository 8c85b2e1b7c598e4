package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0",
    "127.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fd00::10",
    "::ffff:10.0.0.1"
  })
  void acceptsIpLiterals(String value) {
    assertThat(GatewayAddresses.isIpLiteral(value)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "256.0.0.1",
    "1.2.3",
    "01.2.3.4x",
    "localhost",
    "example.com",
    "1:2:3:4:5:6:7:8:9",
    "fe80::1%eth0",
    "''"
  })
  void rejectsAnythingElseWithoutLookingItUp(String value) {
    assertThat(GatewayAddresses.isIpLiteral(value)).isFalse();
  }
}
