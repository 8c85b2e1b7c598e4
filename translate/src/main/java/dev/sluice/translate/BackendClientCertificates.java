package dev.sluice.translate;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.CertificateKeyPair;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.Route;
import dev.sluice.ir.StreamRoute;
import dev.sluice.ir.UpstreamTls;
import java.util.List;
import java.util.Optional;

/**
 * Gives the TLS backends of a route the client certificate of the Gateway it is attached to ({@code
 * spec.tls.backend.clientCertificateRef}). A route attached to two Gateways gets each Gateway's
 * certificate on that Gateway's listeners. Stateless.
 */
final class BackendClientCertificates {

  private BackendClientCertificates() {}

  static Route apply(Route route, GatewayContext gateway) {
    Optional<CertificateKeyPair> certificate = gateway.backendCertificate().certificate();
    if (certificate.isEmpty()) {
      return route;
    }
    return new Route(
        route.key(),
        route.hostnames(),
        route.match(),
        filters(route.filters(), certificate.get()),
        refs(route.backends(), certificate.get()));
  }

  static StreamRoute apply(StreamRoute route, GatewayContext gateway) {
    return gateway
        .backendCertificate()
        .certificate()
        .map(c -> new StreamRoute(route.key(), route.hostnames(), refs(route.backends(), c)))
        .orElse(route);
  }

  private static List<BackendRef> refs(List<BackendRef> refs, CertificateKeyPair certificate) {
    return refs.stream()
        .map(
            r ->
                new BackendRef(
                    backend(r.backend(), certificate),
                    r.weight(),
                    filters(r.filters(), certificate)))
        .toList();
  }

  private static List<HttpFilterSpec> filters(
      List<HttpFilterSpec> filters, CertificateKeyPair certificate) {
    return filters.stream()
        .map(
            f ->
                f instanceof HttpFilterSpec.RequestMirror m
                    ? new HttpFilterSpec.RequestMirror(
                        backend(m.backend(), certificate), m.numerator(), m.denominator())
                    : f)
        .toList();
  }

  private static Backend backend(Backend backend, CertificateKeyPair certificate) {
    if (!(backend instanceof Backend.Service service) || service.tls().isEmpty()) {
      return backend;
    }
    UpstreamTls tls = service.tls().get();
    return new Backend.Service(
        service.name(),
        service.endpoints(),
        service.protocol(),
        Optional.of(
            new UpstreamTls(
                tls.serverName(),
                tls.caCertificatesPem(),
                tls.subjectAltNames(),
                Optional.of(certificate))));
  }
}
