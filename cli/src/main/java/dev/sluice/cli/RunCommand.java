package dev.sluice.cli;

import dev.sluice.server.AddressPool;
import dev.sluice.server.QuickstartDemo;
import dev.sluice.server.ServerOptions;
import dev.sluice.server.SluiceServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice run}: serves a config folder, or the quickstart demo when none is given. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Serve Gateway API config from YAML files and folders, applying changes live.",
    description = {
      "Without --config, serves the quickstart demo (examples/quickstart) on "
          + "127.0.0.1:8080 with two built-in echo backends, and prints what to try."
    })
final class RunCommand implements Runnable {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "PATH",
      description = "A YAML file or a folder of *.yaml/*.yml files (repeatable).")
  List<Path> config = new ArrayList<>();

  @Option(
      names = "--admin",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1:9901",
      description = "Where the admin API listens (default: ${DEFAULT-VALUE}).")
  String admin;

  @Option(names = "--no-admin", description = "Do not start the admin API.")
  boolean noAdmin;

  @Option(
      names = "--gateway-address",
      paramLabel = "IP",
      defaultValue = "0.0.0.0",
      description = "The address Gateways without spec.addresses bind (default: ${DEFAULT-VALUE}).")
  String gatewayAddress;

  @Option(
      names = "--address-pool",
      paramLabel = "FROM-TO",
      description =
          "Give each Gateway without spec.addresses its own address from this IPv4 range,"
              + " e.g. 127.0.0.10-127.0.0.250.")
  String addressPool;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Data-plane event loops (threads); 0 = one per core (default: ${DEFAULT-VALUE}).")
  int eventLoops;

  @Option(names = "--no-watch", description = "Do not apply changes to the config files live.")
  boolean noWatch;

  @Override
  public void run() {
    try {
      serveUntilStopped();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serveUntilStopped() throws InterruptedException {
    Optional<QuickstartDemo> demo =
        config.isEmpty() ? Optional.of(QuickstartDemo.start()) : Optional.empty();
    List<Path> paths = demo.map(d -> List.of(d.configDir())).orElse(config);
    SluiceServer server = SluiceServer.start(options(paths, demo.isEmpty() && !noWatch));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  demo.ifPresent(QuickstartDemo::close);
                  stopped.countDown();
                },
                "sluice-shutdown"));
    server.status().problems().forEach(problem -> System.err.println(problem));
    if (demo.isPresent()) {
      System.out.println(QuickstartDemo.tryThis());
    }
    stopped.await();
  }

  private ServerOptions options(List<Path> paths, boolean watch) {
    Optional<InetSocketAddress> adminAddress =
        noAdmin ? Optional.empty() : Optional.of(Addresses.parse(admin, "127.0.0.1"));
    return ServerOptions.of(paths)
        .withAdmin(adminAddress)
        .withGatewayAddress(gatewayAddress)
        .withAddressPool(Optional.ofNullable(addressPool).map(AddressPool::parse))
        .withWatch(watch)
        .withEventLoops(eventLoops);
  }
}
