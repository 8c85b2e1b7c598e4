package dev.sluice.conformance.harness;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One replica of a conformance backend Deployment: a real echo server on its own loopback address
 * (so every pod uses the container ports of the upstream manifests), and the request targets it
 * echoed, in order — the harness's stand-in for {@code kubectl logs}.
 *
 * <p>Thread-safe: the log is appended to on the echo server's event loop.
 */
public final class EchoPod implements AutoCloseable {

  private final String name;
  private final String app;
  private final String namespace;
  private final String ip;
  private final ConcurrentLinkedQueue<String> log;
  private final AutoCloseable server;

  EchoPod(
      String name,
      String app,
      String namespace,
      String ip,
      ConcurrentLinkedQueue<String> log,
      AutoCloseable server) {
    this.name = name;
    this.app = app;
    this.namespace = namespace;
    this.ip = ip;
    this.log = log;
    this.server = server;
  }

  /** The pod name, {@code <deployment>-<10 hex>-<5 alnum>} as Kubernetes names it. */
  public String name() {
    return name;
  }

  /** The {@code app} label, which is also the name of the Service selecting this pod. */
  public String app() {
    return app;
  }

  public String namespace() {
    return namespace;
  }

  /** The pod's own loopback address. */
  public String ip() {
    return ip;
  }

  /** Every request target this pod echoed so far (path and raw query). */
  public List<String> requests() {
    return List.copyOf(log);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop pod " + name + ": " + e.getMessage(), e);
    }
  }
}
