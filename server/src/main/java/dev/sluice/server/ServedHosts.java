package dev.sluice.server;

import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.GatewayIr;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerKey;
import dev.sluice.ir.TlsTermination;
import dev.sluice.ir.VirtualHost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The virtual hosts of an IR by the Gateway listener they serve, and the merge of two translations
 * of one config that {@link CertificateCarryOver} needs. Stateless.
 */
final class ServedHosts {

  private ServedHosts() {}

  /** The virtual hosts of {@code ir} that terminate TLS, by listener. */
  static Map<ListenerKey, VirtualHost> of(GatewayIr ir) {
    Map<ListenerKey, VirtualHost> hosts = new LinkedHashMap<>();
    for (Listener listener : ir.listeners()) {
      listener.virtualHosts().stream()
          .filter(host -> host.tls().isPresent())
          .forEach(host -> hosts.put(host.source(), host));
    }
    return hosts;
  }

  /** The names ({@code namespace/secret}) of the pairs {@code host} offers; none when absent. */
  static List<String> pairNames(Optional<VirtualHost> host) {
    return host
        .flatMap(VirtualHost::tls)
        .map(TlsTermination::certificates)
        .orElse(List.of())
        .stream()
        .map(CertificateKeyPair::name)
        .toList();
  }

  /**
   * {@code first}, except that the virtual hosts of {@code carried} listeners are taken from {@code
   * second} (adding their socket when {@code first} has none). Sockets keep the order of the IR: by
   * port, then address.
   */
  static GatewayIr merge(GatewayIr first, GatewayIr second, Set<ListenerKey> carried) {
    Map<String, Listener> firstSockets = new HashMap<>();
    first.listeners().forEach(socket -> firstSockets.put(socket.name(), socket));
    Map<ListenerKey, VirtualHost> firstHosts = new HashMap<>();
    first.listeners().forEach(s -> s.virtualHosts().forEach(h -> firstHosts.put(h.source(), h)));
    List<Listener> merged = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Listener socket : second.listeners()) {
      Listener base = firstSockets.getOrDefault(socket.name(), socket);
      List<VirtualHost> hosts = new ArrayList<>();
      for (VirtualHost host : socket.virtualHosts()) {
        if (carried.contains(host.source())) {
          hosts.add(host);
        } else if (firstHosts.containsKey(host.source())) {
          hosts.add(firstHosts.get(host.source()));
        }
      }
      // Hosts the second pass lost are kept: substituting a certificate should never remove one.
      base.virtualHosts().stream()
          .filter(host -> base != socket && !contains(hosts, host.source()))
          .forEach(hosts::add);
      if (!hosts.isEmpty()) {
        merged.add(with(base, hosts));
        names.add(socket.name());
      }
    }
    first.listeners().stream().filter(s -> !names.contains(s.name())).forEach(merged::add);
    merged.sort(Comparator.comparingInt(Listener::port).thenComparing(Listener::address));
    return new GatewayIr(merged);
  }

  private static boolean contains(List<VirtualHost> hosts, ListenerKey source) {
    return hosts.stream().anyMatch(host -> host.source().equals(source));
  }

  private static Listener with(Listener socket, List<VirtualHost> hosts) {
    return new Listener(
        socket.name(), socket.address(), socket.port(), socket.protocol(), hosts, socket.limits());
  }
}
