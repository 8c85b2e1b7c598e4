package dev.sluice.server;

import dev.sluice.proxy.ProxyOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a Sluice instance.
 *
 * @param configPaths the YAML files and folders to serve
 * @param admin where the admin API listens; empty disables it
 * @param gatewayAddress the address Gateways without {@code spec.addresses} bind
 * @param addressPool when present, each address-less Gateway gets its own address from it
 * @param watch whether to apply changes to the config files live
 * @param debounce how long the files must be quiet before a change is applied
 * @param proxy data-plane settings
 */
public record ServerOptions(
    List<Path> configPaths,
    Optional<InetSocketAddress> admin,
    String gatewayAddress,
    Optional<AddressPool> addressPool,
    boolean watch,
    Duration debounce,
    ProxyOptions proxy) {

  public static final InetSocketAddress DEFAULT_ADMIN = new InetSocketAddress("127.0.0.1", 9901);

  public ServerOptions {
    configPaths = List.copyOf(configPaths);
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(gatewayAddress, "gatewayAddress");
    Objects.requireNonNull(addressPool, "addressPool");
    Objects.requireNonNull(debounce, "debounce");
    Objects.requireNonNull(proxy, "proxy");
  }

  /** Serves {@code configPaths} with every other setting at its default. */
  public static ServerOptions of(List<Path> configPaths) {
    return new ServerOptions(
        configPaths,
        Optional.of(DEFAULT_ADMIN),
        "0.0.0.0",
        Optional.empty(),
        true,
        Duration.ofMillis(200),
        ProxyOptions.defaults());
  }

  public ServerOptions withAdmin(Optional<InetSocketAddress> admin) {
    return new ServerOptions(
        configPaths, admin, gatewayAddress, addressPool, watch, debounce, proxy);
  }

  public ServerOptions withGatewayAddress(String gatewayAddress) {
    return new ServerOptions(
        configPaths, admin, gatewayAddress, addressPool, watch, debounce, proxy);
  }

  public ServerOptions withAddressPool(Optional<AddressPool> addressPool) {
    return new ServerOptions(
        configPaths, admin, gatewayAddress, addressPool, watch, debounce, proxy);
  }

  public ServerOptions withWatch(boolean watch) {
    return new ServerOptions(
        configPaths, admin, gatewayAddress, addressPool, watch, debounce, proxy);
  }

  /**
   * The same options with {@code eventLoops} data-plane event loops (0 = one per core).
   *
   * @throws IllegalArgumentException if {@code eventLoops} is negative
   */
  public ServerOptions withEventLoops(int eventLoops) {
    ProxyOptions loops = proxy.withEventLoopThreads(eventLoops);
    return new ServerOptions(
        configPaths, admin, gatewayAddress, addressPool, watch, debounce, loops);
  }
}
