package dev.sluice.proxy.stream;

import dev.sluice.ir.StreamRoute;
import dev.sluice.proxy.routing.HostNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stream routes of one listener, compiled for lookup by SNI. Immutable and thread-safe; built
 * once per config snapshot, which also builds the client TLS contexts of backends that re-encrypt.
 *
 * <p>Precedence for an SNI: a route listing the exact hostname, then the route with the longest
 * matching wildcard ({@code *.example.com} matches one or more labels before {@code .example.com}),
 * then a route without hostnames. Among routes of equal precedence the first in list order wins.
 */
public final class StreamRouteTable {

  private record Wildcard(String suffix, StreamRoute route) {}

  private final Map<String, StreamRoute> exact;
  private final List<Wildcard> wildcards;
  private final Optional<StreamRoute> any;

  private StreamRouteTable(
      Map<String, StreamRoute> exact, List<Wildcard> wildcards, Optional<StreamRoute> any) {
    this.exact = exact;
    this.wildcards = wildcards;
    this.any = any;
  }

  /** Compiles {@code routes}, whose order breaks ties. */
  public static StreamRouteTable compile(List<StreamRoute> routes) {
    StreamTlsContexts.warm(routes);
    Map<String, StreamRoute> exact = new HashMap<>();
    Map<String, StreamRoute> bySuffix = new HashMap<>();
    List<String> suffixOrder = new ArrayList<>();
    StreamRoute any = null;
    for (StreamRoute route : routes) {
      if (route.hostnames().isEmpty() && any == null) {
        any = route;
      }
      for (String hostname : route.hostnames()) {
        String pattern = hostname.toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*.")) {
          String suffix = pattern.substring(1);
          if (bySuffix.putIfAbsent(suffix, route) == null) {
            suffixOrder.add(suffix);
          }
        } else {
          exact.putIfAbsent(HostNames.normalize(pattern), route);
        }
      }
    }
    // A stable sort keeps list order among suffixes of equal length (they cannot both match).
    suffixOrder.sort(Comparator.comparingInt(String::length).reversed());
    List<Wildcard> wildcards = new ArrayList<>();
    for (String suffix : suffixOrder) {
      wildcards.add(new Wildcard(suffix, bySuffix.get(suffix)));
    }
    return new StreamRouteTable(
        Map.copyOf(exact), List.copyOf(wildcards), Optional.ofNullable(any));
  }

  /**
   * The best route for {@code sni}; with no SNI (TCP, UDP, or a TLS client that sent none) the
   * first route without hostnames. Empty when nothing matches.
   */
  public Optional<StreamRoute> route(Optional<String> sni) {
    if (sni.isEmpty() || sni.get().isBlank()) {
      return any;
    }
    String host = HostNames.normalize(sni.get());
    StreamRoute match = exact.get(host);
    if (match != null) {
      return Optional.of(match);
    }
    for (Wildcard wildcard : wildcards) {
      if (host.length() > wildcard.suffix().length() && host.endsWith(wildcard.suffix())) {
        return Optional.of(wildcard.route());
      }
    }
    return any;
  }
}
