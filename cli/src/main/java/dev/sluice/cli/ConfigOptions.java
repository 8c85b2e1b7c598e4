package dev.sluice.cli;

import dev.sluice.server.AddressPool;
import dev.sluice.server.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that say which config to read and how to address Gateways, shared by commands. */
final class ConfigOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "PATH",
      required = true,
      description = "A YAML file or a folder of *.yaml/*.yml files (repeatable).")
  List<Path> config;

  @Option(
      names = "--gateway-address",
      paramLabel = "IP",
      defaultValue = "0.0.0.0",
      description =
          "The address Gateways without spec.addresses would bind (default: ${DEFAULT-VALUE}).")
  String gatewayAddress;

  @Option(
      names = "--address-pool",
      paramLabel = "FROM-TO",
      description = "Give each Gateway without spec.addresses its own address from this range.")
  String addressPool;

  ServerOptions toServerOptions() {
    return ServerOptions.of(config)
        .withAdmin(Optional.empty())
        .withWatch(false)
        .withGatewayAddress(gatewayAddress)
        .withAddressPool(Optional.ofNullable(addressPool).map(AddressPool::parse));
  }

  List<Path> paths() {
    return config;
  }
}
