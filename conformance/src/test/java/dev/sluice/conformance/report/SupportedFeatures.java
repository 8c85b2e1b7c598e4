package dev.sluice.conformance.report;

import java.util.Set;

/**
 * The features Sluice claims, as a GatewayClass would list in {@code status.supportedFeatures}. A
 * test needing a feature outside this set is not counted in a profile (upstream records it as not
 * supported); a claimed feature whose test fails is a regression. Only features whose upstream
 * tests this replay runs are claimed; keep it in step with the tests tagged {@code pending}.
 */
public final class SupportedFeatures {

  public static final Set<String> CLAIMED =
      Set.of(
          "Gateway",
          "ReferenceGrant",
          "HTTPRoute",
          "GatewayHTTPListenerIsolation",
          "HTTPRouteDestinationPortMatching",
          "HTTPRouteQueryParamMatching",
          "HTTPRouteMethodMatching",
          "HTTPRoutePortRedirect",
          "HTTPRouteSchemeRedirect",
          "HTTPRoutePathRedirect",
          "HTTPRouteRequestMirror",
          "HTTPRouteRequestMultipleMirrors",
          "HTTPRouteParentRefPort",
          "HTTPRouteNamedRouteRule",
          "HTTPRoute303RedirectStatusCode",
          "HTTPRoute307RedirectStatusCode",
          "HTTPRoute308RedirectStatusCode",
          "GatewayPort8080",
          "GatewayStaticAddresses",
          "GatewayHTTPSListenerDetectMisdirectedRequests",
          "GatewayAddressEmpty",
          "GatewayBackendClientCertificate",
          "GatewayFrontendClientCertificateValidation",
          "GatewayFrontendClientCertificateValidationInsecureFallback",
          "ListenerSet",
          "HTTPRouteBackendRequestHeaderModification",
          "HTTPRouteResponseHeaderModification",
          "HTTPRouteHostRewrite",
          "HTTPRoutePathRewrite",
          "HTTPRouteRequestPercentageMirror",
          "HTTPRouteRequestTimeout",
          "HTTPRouteBackendTimeout",
          "HTTPRouteBackendProtocolH2C",
          "HTTPRouteBackendProtocolWebSocket",
          "HTTPRouteCORS",
          "HTTPRouteRetry",
          "HTTPRouteRetryBackendTimeout",
          "HTTPRouteRetryConnectionError",
          "HTTPRouteBackendURLRewrite",
          "HTTPRouteBackendRequestRedirect",
          "GRPCRoute",
          "GRPCRouteNamedRouteRule",
          "GRPCRouteRequestHeaderModifier",
          "TLSRoute",
          "TLSRouteModeTerminate",
          "TLSRouteModeMixed",
          "TCPRoute",
          "UDPRoute",
          "BackendTLSPolicy",
          "BackendTLSPolicySANValidation");

  private SupportedFeatures() {}
}
