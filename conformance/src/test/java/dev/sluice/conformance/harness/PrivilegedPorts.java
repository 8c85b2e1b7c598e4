package dev.sluice.conformance.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks up front that this process may bind ports below 1024, because the conformance Gateways
 * listen on the real ports (80, 443, ...) of the upstream manifests. When it may not, a developer
 * running the build as an ordinary user gets the suite skipped (a JUnit assumption), while CI
 * ({@code CI=true}, which runs as root) and root fail loudly, since there an unbindable port is a
 * broken machine, not a missing privilege. Stateless.
 */
final class PrivilegedPorts {

  static final String SKIP_MESSAGE =
      "run as root or set net.ipv4.ip_unprivileged_port_start=80 to replay the conformance suite";

  private PrivilegedPorts() {}

  /** Skips (not root, not CI) or fails (CI or root) when port 80 cannot be bound. */
  static void requireBindable() {
    decide(probe(), System.getenv(), isRoot());
  }

  /**
   * The policy, apart from the environment: nothing when {@code problem} is empty; otherwise an
   * aborted assumption for a non-root user outside CI, else an {@link IllegalStateException}.
   */
  static void decide(Optional<String> problem, Map<String, String> env, boolean root) {
    if (problem.isEmpty()) {
      return;
    }
    boolean ci = "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    if (!ci && !root) {
      Assumptions.abort(SKIP_MESSAGE + " (" + problem.get() + ")");
    }
    throw new IllegalStateException(
        problem.get()
            + ": the conformance suite serves Gateways on the real ports 80 and 443"
            + (ci ? " and CI=true requires the replay; " : "; ")
            + SKIP_MESSAGE);
  }

  /** Why 127.0.0.9:80 cannot be bound, or empty when it can. */
  static Optional<String> probe() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 80));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot bind 127.0.0.9:80 (" + e.getMessage() + ")");
    }
  }

  private static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError e) {
      // not a Unix JVM: no uid, so judge by the account name
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
