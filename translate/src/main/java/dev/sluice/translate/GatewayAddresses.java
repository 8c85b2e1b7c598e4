package dev.sluice.translate;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewaySpecAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides the IP address a Gateway binds: its first {@code spec.addresses} entry of type {@code
 * IPAddress}, else the one the {@link AddressPlan} assigns. Stateless and free of I/O (no name is
 * ever resolved).
 */
final class GatewayAddresses {

  /** The outcome for one Gateway. */
  sealed interface Choice {
    /** The Gateway binds {@code address}. */
    record Bound(String address) implements Choice {}

    /** {@code spec.addresses} asks for something Sluice cannot bind. */
    record Unusable(String field, String message) implements Choice {}
  }

  private static final String IP_ADDRESS = "IPAddress";
  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]+$");

  private GatewayAddresses() {}

  static Choice choose(Gateway gateway, AddressPlan plan, Problems problems) {
    List<GatewaySpecAddress> requested =
        gateway.getSpec().getAddresses() == null ? List.of() : gateway.getSpec().getAddresses();
    for (int i = 0; i < requested.size(); i++) {
      GatewaySpecAddress address = requested.get(i);
      String field = "spec.addresses[" + i + "]";
      String type = address.getType() == null ? IP_ADDRESS : address.getType();
      if (!IP_ADDRESS.equals(type)) {
        return new Choice.Unusable(
            field + ".type", "address type '" + type + "' is not supported (expected: IPAddress)");
      }
      if (address.getValue() != null && !isIpLiteral(address.getValue())) {
        return new Choice.Unusable(
            field + ".value", "'" + address.getValue() + "' is not an IPv4 or IPv6 address");
      }
    }
    Optional<String> first =
        requested.stream().map(GatewaySpecAddress::getValue).filter(v -> v != null).findFirst();
    if (requested.stream().filter(a -> a.getValue() != null).count() > 1) {
      problems.warning(
          gateway,
          "spec.addresses",
          "only the first address, " + first.orElseThrow() + ", is bound; the others are ignored");
    }
    return new Choice.Bound(
        first.orElseGet(
            () ->
                plan.addressFor(
                    gateway.getMetadata().getNamespace(), gateway.getMetadata().getName())));
  }

  /** Checks the text form only; a name is never looked up. */
  static boolean isIpLiteral(String value) {
    if (IPV4.matcher(value).matches()) {
      return true;
    }
    if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
      return false;
    }
    try {
      // With a ':' and only hex digits, colons and dots, InetAddress parses a literal and never
      // queries DNS: it either returns the address or rejects the literal.
      return InetAddress.getByName(value) != null;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
