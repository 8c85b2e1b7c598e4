package dev.sluice.conformance.harness;

import dev.sluice.proxy.ProxyOptions;
import dev.sluice.server.AddressPool;
import dev.sluice.server.ServerOptions;
import dev.sluice.server.SluiceServer;
import dev.sluice.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The conformance world: the echo pods, a real Sluice serving a watched temporary folder with the
 * base config, and the applier that writes and deletes each test's manifests there (so every test
 * exercises live reload). Gateways get their own loopback address from {@link #ADDRESS_POOL} and
 * listen on the real ports of the upstream manifests.
 *
 * <p>Thread-safe for reads; {@link #apply} and {@link #delete} are called from the test thread.
 */
public final class ConformanceSuite implements AutoCloseable {

  public static final String ADDRESS_POOL = "127.0.0.10-127.0.0.250";
  static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final BackendFleet fleet;
  private final TestCertificates certificates;
  private final SluiceServer server;
  private final EndpointController endpoints;
  private final Map<String, Manifest> applied = new LinkedHashMap<>();

  private ConformanceSuite(
      Path dir, BackendFleet fleet, TestCertificates certificates, SluiceServer server) {
    this.dir = dir;
    this.fleet = fleet;
    this.certificates = certificates;
    this.server = server;
    this.endpoints = new EndpointController(fleet);
  }

  /**
   * Starts the pods and Sluice with the base config, then waits for the base Gateways. Callers
   * check {@link PrivilegedPorts} first ({@link ConformanceExtension} does).
   */
  public static ConformanceSuite start() throws InterruptedException {
    TestCertificates certificates = TestCertificates.generate();
    BackendFleet fleet = BackendFleet.start(BaseConfig.deployments(certificates));
    try {
      Path dir = Files.createTempDirectory("sluice-conformance-");
      Manifest base = Manifest.resource("/base/base.yaml");
      String baseYaml =
          base.text() + new EndpointController(fleet).slicesFor(base) + certificates.yaml();
      Files.writeString(dir.resolve("base.yaml"), baseYaml);
      ServerOptions options =
          new ServerOptions(
              List.of(dir),
              Optional.empty(),
              "127.0.0.1",
              Optional.of(AddressPool.parse(ADDRESS_POOL)),
              true,
              Duration.ofMillis(50),
              ProxyOptions.defaults());
      ConformanceSuite suite =
          new ConformanceSuite(dir, fleet, certificates, SluiceServer.start(options));
      suite.awaitObjects(base.objects());
      return suite;
    } catch (IOException e) {
      fleet.close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException | RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  /** Applies the manifest resource {@code name} ({@code manifests/<name>.yaml}). */
  public Manifest apply(String name) {
    return apply(name, Manifest.resource(name));
  }

  /**
   * Creates or replaces the file {@code name} with {@code manifest} (plus the EndpointSlices of its
   * Services), waits for the reload and until Sluice reports every Gateway API object of it at its
   * generation. The file is deleted by {@link #cleanup()}.
   */
  public Manifest apply(String name, Manifest manifest) {
    write(name + ".yaml", manifest.text() + endpoints.slicesFor(manifest));
    applied.put(name, manifest);
    awaitObjects(manifest.objects());
    return manifest;
  }

  /** Deletes the file {@code name} and waits until its objects are gone from the status. */
  public void delete(String name) {
    Manifest manifest = applied.remove(name);
    long before = server.configGeneration();
    try {
      Files.deleteIfExists(dir.resolve(name + ".yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until("deletion of " + name + " applied", APPLY_TIMEOUT, () -> reloadedSince(before));
    if (manifest != null) {
      for (ObjectKey key : manifest.objects().stream().filter(ObjectKey::hasStatus).toList()) {
        Await.until(
            key + " gone",
            APPLY_TIMEOUT,
            () -> status().find(key.kind(), key.namespace(), key.name()).isEmpty());
      }
    }
  }

  /** Deletes every manifest applied since the last cleanup, newest first. */
  public void cleanup() {
    List<String> names = new ArrayList<>(applied.keySet());
    java.util.Collections.reverse(names);
    names.forEach(this::delete);
  }

  /** The statuses Sluice reports now. */
  public StatusView status() {
    return StatusView.of(server.status().toKubernetesList());
  }

  public BackendFleet fleet() {
    return fleet;
  }

  public TestCertificates certificates() {
    return certificates;
  }

  public SluiceServer server() {
    return server;
  }

  /**
   * Waits until the Gateway has current conditions and a typed address (§5.7 {@code
   * WaitForGatewayAddress}) and returns the address.
   */
  public String gatewayAddress(String namespace, String name) {
    return Await.untilAsserted(
        "an address of Gateway " + namespace + "/" + name,
        () -> {
          JsonNode gateway =
              status()
                  .find("Gateway", namespace, name)
                  .orElseThrow(() -> new AssertionError("no status for the Gateway"));
          long generation = gateway.path("metadata").path("generation").asLong(1);
          for (JsonNode condition : gateway.path("status").path("conditions")) {
            if (condition.path("observedGeneration").asLong(-1) != generation) {
              throw new AssertionError("stale condition " + condition);
            }
          }
          for (JsonNode address : gateway.path("status").path("addresses")) {
            if (!address.path("type").asString("").isEmpty()) {
              return address.path("value").asString();
            }
          }
          throw new AssertionError("no typed address in " + gateway.path("status"));
        });
  }

  private void write(String file, String yaml) {
    long before = server.configGeneration();
    try {
      Path temp = dir.resolve("." + file + ".tmp");
      Files.writeString(temp, yaml);
      Files.move(temp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until("config " + file + " applied", APPLY_TIMEOUT, () -> reloadedSince(before));
  }

  private boolean reloadedSince(long generation) {
    return server.configGeneration() > generation;
  }

  private void awaitObjects(List<ObjectKey> objects) {
    for (ObjectKey key : objects.stream().filter(ObjectKey::hasStatus).toList()) {
      Await.until(
          key + " reported at generation " + key.generation(),
          APPLY_TIMEOUT,
          () -> status().hasGeneration(key));
    }
  }

  @Override
  public void close() {
    server.close();
    fleet.close();
  }
}
