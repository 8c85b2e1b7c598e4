package dev.sluice.conformance.report;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A conformance profile: its core and extended features (conformance notes §1.2). Immutable.
 *
 * @param name e.g. {@code GATEWAY-HTTP}
 * @param core the features every implementation of the profile must support
 * @param extended the optional features of the profile
 */
public record Profile(String name, Set<String> core, List<String> extended) {

  static final List<String> GATEWAY_EXTENDED =
      List.of(
          "GatewayPort8080",
          "GatewayStaticAddresses",
          "GatewayHTTPListenerIsolation",
          "GatewayHTTPSListenerDetectMisdirectedRequests",
          "GatewayInfrastructurePropagation",
          "GatewayAddressEmpty",
          "GatewayBackendClientCertificate",
          "GatewayFrontendClientCertificateValidation",
          "GatewayFrontendClientCertificateValidationInsecureFallback",
          "ListenerSet");

  static final List<String> HTTPROUTE_EXTENDED =
      List.of(
          "HTTPRouteDestinationPortMatching",
          "HTTPRouteBackendRequestHeaderModification",
          "HTTPRouteQueryParamMatching",
          "HTTPRouteMethodMatching",
          "HTTPRouteResponseHeaderModification",
          "HTTPRoutePortRedirect",
          "HTTPRouteSchemeRedirect",
          "HTTPRoutePathRedirect",
          "HTTPRouteHostRewrite",
          "HTTPRoutePathRewrite",
          "HTTPRouteRequestMirror",
          "HTTPRouteRequestMultipleMirrors",
          "HTTPRouteRequestPercentageMirror",
          "HTTPRouteRequestTimeout",
          "HTTPRouteBackendTimeout",
          "HTTPRouteParentRefPort",
          "HTTPRouteBackendProtocolH2C",
          "HTTPRouteBackendProtocolWebSocket",
          "HTTPRouteNamedRouteRule",
          "HTTPRouteCORS",
          "HTTPRoute303RedirectStatusCode",
          "HTTPRoute307RedirectStatusCode",
          "HTTPRoute308RedirectStatusCode",
          "HTTPRouteRetry",
          "HTTPRouteRetryBackendTimeout",
          "HTTPRouteRetryConnectionError",
          "HTTPRouteBackendURLRewrite",
          "HTTPRouteBackendRequestRedirect");

  static final List<String> BACKEND_TLS =
      List.of("BackendTLSPolicy", "BackendTLSPolicySANValidation");

  /** The profiles this harness reports, in report order. */
  public static final List<Profile> ALL =
      List.of(
          new Profile(
              "GATEWAY-HTTP",
              Set.of("Gateway", "ReferenceGrant", "HTTPRoute"),
              concat(GATEWAY_EXTENDED, HTTPROUTE_EXTENDED, BACKEND_TLS)),
          new Profile(
              "GATEWAY-GRPC",
              Set.of("Gateway", "ReferenceGrant", "GRPCRoute"),
              concat(GATEWAY_EXTENDED, BACKEND_TLS)),
          new Profile(
              "GATEWAY-TLS",
              Set.of("Gateway", "ReferenceGrant", "TLSRoute"),
              concat(
                  GATEWAY_EXTENDED,
                  List.of("TLSRouteModeTerminate", "TLSRouteModeMixed"),
                  BACKEND_TLS)),
          new Profile(
              "GATEWAY-TCP",
              Set.of("Gateway", "ReferenceGrant", "TCPRoute"),
              concat(GATEWAY_EXTENDED, List.of("TCPRoute"))),
          new Profile(
              "GATEWAY-UDP",
              Set.of("Gateway", "ReferenceGrant", "UDPRoute"),
              concat(GATEWAY_EXTENDED, List.of("UDPRoute"))));

  public Profile {
    core = Set.copyOf(core);
    extended = List.copyOf(extended);
  }

  /** Whether a test needing {@code features} belongs to this profile (every feature is in it). */
  public boolean covers(Set<String> features) {
    return features.stream().allMatch(f -> core.contains(f) || extended.contains(f));
  }

  /** Whether such a test is a core test of this profile (no extended feature). */
  public boolean isCore(Set<String> features) {
    return core.containsAll(features);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return Stream.of(lists).flatMap(List::stream).distinct().collect(Collectors.toList());
  }
}
