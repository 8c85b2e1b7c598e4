package dev.sluice.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An inclusive range of IPv4 addresses that Gateways without {@code spec.addresses} get theirs
 * from, as a cloud load balancer would hand them out ({@code --address-pool
 * 127.0.0.10-127.0.0.250}).
 *
 * <p>Immutable.
 */
public record AddressPool(long first, long last) {

  public AddressPool {
    if (first > last) {
      throw new IllegalArgumentException(
          "address pool: " + format(first) + "-" + format(last) + " (expected: FROM <= TO)");
    }
  }

  /** Parses {@code FROM-TO}, both IPv4 literals. */
  public static AddressPool parse(String range) {
    int dash = range.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException(
          "address pool: '" + range + "' (expected: FROM-TO, e.g. 127.0.0.10-127.0.0.250)");
    }
    return new AddressPool(
        toLong(range.substring(0, dash).trim()), toLong(range.substring(dash + 1).trim()));
  }

  public long size() {
    return last - first + 1;
  }

  /** The {@code index}-th address of the pool, if the pool is that large. */
  public Optional<String> address(long index) {
    return index >= 0 && index < size() ? Optional.of(format(first + index)) : Optional.empty();
  }

  @Override
  public String toString() {
    return format(first) + "-" + format(last);
  }

  private static long toLong(String literal) {
    try {
      if (!literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new UnknownHostException(literal);
      }
      InetAddress address = InetAddress.getByName(literal);
      if (!(address instanceof Inet4Address)) {
        throw new UnknownHostException(literal);
      }
      long value = 0;
      for (byte b : address.getAddress()) {
        value = (value << 8) | (b & 0xff);
      }
      return value;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "address pool: '" + literal + "' (expected: an IPv4 address such as 127.0.0.10)", e);
    }
  }

  private static String format(long value) {
    return ((value >> 24) & 0xff)
        + "."
        + ((value >> 16) & 0xff)
        + "."
        + ((value >> 8) & 0xff)
        + "."
        + (value & 0xff);
  }
}
