package dev.sluice.translate;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Gateway API conformance features Sluice implements, by their exact conformance names (the Go
 * constant without its {@code Support} prefix). The translator publishes them in every accepted
 * GatewayClass's {@code status.supportedFeatures}, from which the conformance suite infers what to
 * run, and the conformance report lists the same names. Immutable; thread-safe.
 *
 * <p>Deliberately absent: {@code GatewayInfrastructurePropagation} (its test looks for Pods and
 * Services labelled with the infrastructure metadata; standalone Sluice creates no such objects)
 * and every Mesh feature (Sluice is not a mesh).
 */
public final class SupportedFeatures {

  private static final List<String> CORE =
      List.of(
          "Gateway",
          "ReferenceGrant",
          "HTTPRoute",
          "GRPCRoute",
          "TLSRoute",
          "TCPRoute",
          "UDPRoute");

  private static final List<String> GATEWAY =
      List.of(
          "GatewayPort8080",
          "GatewayStaticAddresses",
          "GatewayAddressEmpty",
          "GatewayHTTPListenerIsolation",
          "GatewayHTTPSListenerDetectMisdirectedRequests",
          "GatewayBackendClientCertificate",
          "GatewayFrontendClientCertificateValidation",
          "GatewayFrontendClientCertificateValidationInsecureFallback",
          "ListenerSet");

  private static final List<String> HTTP_ROUTE =
      List.of(
          "HTTPRouteQueryParamMatching",
          "HTTPRouteMethodMatching",
          "HTTPRouteResponseHeaderModification",
          "HTTPRouteBackendRequestHeaderModification",
          "HTTPRoutePortRedirect",
          "HTTPRouteSchemeRedirect",
          "HTTPRoutePathRedirect",
          "HTTPRouteHostRewrite",
          "HTTPRoutePathRewrite",
          "HTTPRoute303RedirectStatusCode",
          "HTTPRoute307RedirectStatusCode",
          "HTTPRoute308RedirectStatusCode",
          "HTTPRouteRequestMirror",
          "HTTPRouteRequestMultipleMirrors",
          "HTTPRouteRequestPercentageMirror",
          "HTTPRouteRequestTimeout",
          "HTTPRouteBackendTimeout",
          "HTTPRouteRetry",
          "HTTPRouteRetryBackendTimeout",
          "HTTPRouteRetryConnectionError",
          "HTTPRouteParentRefPort",
          "HTTPRouteDestinationPortMatching",
          "HTTPRouteBackendProtocolH2C",
          "HTTPRouteBackendProtocolWebSocket",
          "HTTPRouteNamedRouteRule",
          "HTTPRouteCORS",
          "HTTPRouteBackendURLRewrite",
          "HTTPRouteBackendRequestRedirect");

  private static final List<String> OTHER =
      List.of(
          "GRPCRouteNamedRouteRule",
          "GRPCRouteRequestHeaderModifier",
          "TLSRouteModeTerminate",
          "TLSRouteModeMixed",
          "BackendTLSPolicy",
          "BackendTLSPolicySANValidation");

  private static final List<String> NAMES =
      Stream.of(CORE, GATEWAY, HTTP_ROUTE, OTHER).flatMap(List::stream).sorted().toList();

  private SupportedFeatures() {}

  /** The feature names, sorted by {@link String#compareTo}, without duplicates. */
  public static List<String> names() {
    return NAMES;
  }
}
