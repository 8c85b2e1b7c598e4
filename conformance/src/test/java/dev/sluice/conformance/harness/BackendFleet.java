package dev.sluice.conformance.harness;

import dev.sluice.echo.EchoOptions;
import dev.sluice.echo.EchoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The harness's kubelet: runs every replica of every backend Deployment as an echo server on its
 * own loopback address {@code 127.100.<deployment>.<replica>}, with echo-basic's container ports
 * (HTTP 3000, h2c 3001, TLS 8443; the TCP mode on 3000 and 8443; UDP 8080; DNS 53).
 *
 * <p>Thread-safe after {@link #start}: the pod list is immutable.
 */
public final class BackendFleet implements AutoCloseable {

  private static final String ALPHANUMERIC = "bcdfghjklmnpqrstvwxz2456789";

  private final List<EchoPod> pods;

  private BackendFleet(List<EchoPod> pods) {
    this.pods = List.copyOf(pods);
  }

  /** Starts every pod of {@code deployments}; on failure nothing stays running. */
  public static BackendFleet start(List<PodSpec> deployments) throws InterruptedException {
    List<EchoPod> pods = new ArrayList<>();
    try {
      for (int d = 0; d < deployments.size(); d++) {
        PodSpec spec = deployments.get(d);
        Random random = new Random((spec.namespace() + "/" + spec.app()).hashCode());
        String replicaSet = hex(random, 10);
        for (int r = 0; r < spec.replicas(); r++) {
          String name = spec.app() + "-" + replicaSet + "-" + alphanumeric(random, 5);
          pods.add(startPod(spec, name, "127.100." + (d + 1) + "." + (r + 1)));
        }
      }
      return new BackendFleet(pods);
    } catch (InterruptedException | RuntimeException e) {
      pods.forEach(EchoPod::close);
      throw e;
    }
  }

  private static EchoPod startPod(PodSpec spec, String name, String ip)
      throws InterruptedException {
    ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    if (spec.mode() == PodSpec.Mode.UDP || spec.mode() == PodSpec.Mode.DNS) {
      UdpResponder udp =
          spec.mode() == PodSpec.Mode.UDP
              ? UdpResponder.echo(ip, 8080, name, spec.namespace(), spec.app(), log)
              : UdpResponder.dns(ip, 53, log);
      return new EchoPod(name, spec.app(), spec.namespace(), ip, log, udp);
    }
    EchoOptions.Builder options = EchoOptions.builder(name, spec.namespace(), spec.app()).host(ip);
    if (spec.mode() == PodSpec.Mode.HTTP) {
      options.port(3000).h2cPort(3001);
      spec.tls().ifPresent(tls -> options.tls(tls).tlsPort(8443));
    } else {
      options.port(0).tcpPort(3000);
      spec.tls().ifPresent(tls -> options.tls(tls).tcpTlsPort(8443));
    }
    EchoServer server = EchoServer.start(options.build(), (uri, client) -> log.add(uri));
    return new EchoPod(name, spec.app(), spec.namespace(), ip, log, server);
  }

  /** The pods labelled {@code app} in {@code namespace}. */
  public List<EchoPod> pods(String namespace, String app) {
    return pods.stream()
        .filter(pod -> pod.namespace().equals(namespace) && pod.app().equals(app))
        .toList();
  }

  /** How many times the pods of {@code app} echoed {@code requestUri} (the mirror check). */
  public long echoCount(String namespace, String app, String requestUri) {
    return pods(namespace, app).stream()
        .flatMap(pod -> pod.requests().stream())
        .filter(requestUri::equals)
        .count();
  }

  private static String hex(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }

  private static String alphanumeric(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return out.toString();
  }

  @Override
  public void close() {
    pods.forEach(EchoPod::close);
  }
}
