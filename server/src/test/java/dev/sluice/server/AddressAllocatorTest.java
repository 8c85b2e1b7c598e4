package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.translate.AddressPlan;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressAllocatorTest {

  private final AddressAllocator allocator =
      new AddressAllocator("0.0.0.0", Optional.of(AddressPool.parse("127.0.0.10-127.0.0.12")));

  @Test
  void givesEachAddresslessGatewayItsOwnAddress() {
    AddressPlan plan = allocator.plan(List.of(gateway("b"), gateway("a")));

    assertThat(plan.addressFor("default", "a")).isEqualTo("127.0.0.10");
    assertThat(plan.addressFor("default", "b")).isEqualTo("127.0.0.11");
  }

  @Test
  void keepsAssignmentsAcrossReloadsAndReusesFreedAddresses() {
    allocator.plan(List.of(gateway("a"), gateway("b")));

    AddressPlan withoutA = allocator.plan(List.of(gateway("b"), gateway("c")));
    assertThat(withoutA.addressFor("default", "b")).isEqualTo("127.0.0.11");
    assertThat(withoutA.addressFor("default", "c")).isEqualTo("127.0.0.10");
  }

  @Test
  void fallsBackToTheDefaultAddressWhenThePoolIsExhausted() {
    AddressPlan plan =
        allocator.plan(List.of(gateway("a"), gateway("b"), gateway("c"), gateway("d")));

    assertThat(plan.addressFor("default", "c")).isEqualTo("127.0.0.12");
    assertThat(plan.addressFor("default", "d")).isEqualTo("0.0.0.0");
  }

  @Test
  void gatewaysWithTheirOwnAddressesTakeNothingFromThePool() {
    Gateway pinned =
        new GatewayBuilder(gateway("pinned"))
            .editSpec()
            .addNewAddress()
            .withType("IPAddress")
            .withValue("127.0.0.99")
            .endAddress()
            .endSpec()
            .build();

    AddressPlan plan = allocator.plan(List.of(pinned, gateway("a")));

    assertThat(plan.assigned()).hasSize(1);
    assertThat(plan.addressFor("default", "a")).isEqualTo("127.0.0.10");
  }

  @Test
  void withoutAPoolEveryGatewayGetsTheDefaultAddress() {
    AddressAllocator noPool = new AddressAllocator("127.0.0.1", Optional.empty());

    assertThat(noPool.plan(List.of(gateway("a"))).addressFor("default", "a"))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void rejectsMalformedPools() {
    assertThatThrownBy(() -> AddressPool.parse("127.0.0.10"))
        .hasMessageContaining("expected: FROM-TO");
    assertThatThrownBy(() -> AddressPool.parse("127.0.0.20-127.0.0.10"))
        .hasMessageContaining("FROM <= TO");
    assertThatThrownBy(() -> AddressPool.parse("127.0.0.1-example.com"))
        .hasMessageContaining("IPv4");
  }

  private static Gateway gateway(String name) {
    return new GatewayBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withGatewayClassName("sluice")
        .endSpec()
        .build();
  }
}
