package dev.sluice.conformance.report;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every test class of the replay, so the report also knows the tests that did not run (tagged
 * pending, hence not in the JUnit test plan). Stateless.
 */
public final class Catalog {

  static final List<String> CLASSES =
      List.of(
          "dev.sluice.conformance.HttpRouteBasicsTest",
          "dev.sluice.conformance.HttpRouteMatchingTest",
          "dev.sluice.conformance.HttpRouteHostnameTest",
          "dev.sluice.conformance.HttpRouteFilterTest",
          "dev.sluice.conformance.HttpRouteRedirectTest",
          "dev.sluice.conformance.HttpRouteReferenceTest",
          "dev.sluice.conformance.HttpRouteTrafficTest",
          "dev.sluice.conformance.HttpRouteModifierTest",
          "dev.sluice.conformance.HttpRouteMirrorTest",
          "dev.sluice.conformance.HttpRouteProtocolTest",
          "dev.sluice.conformance.HttpRouteResilienceTest",
          "dev.sluice.conformance.GatewayStatusTest",
          "dev.sluice.conformance.GatewayClientCertificateTest",
          "dev.sluice.conformance.GrpcRouteTest",
          "dev.sluice.conformance.TlsRouteTest",
          "dev.sluice.conformance.TcpRouteTest",
          "dev.sluice.conformance.UdpRouteTest",
          "dev.sluice.conformance.ListenerSetTest",
          "dev.sluice.conformance.BackendTlsPolicyTest");

  private Catalog() {}

  /** The {@link Upstream} test methods of every class that exists, sorted by name. */
  public static List<Method> upstreamTests() {
    List<Method> methods = new ArrayList<>();
    for (String name : CLASSES) {
      try {
        for (Method method : Class.forName(name).getDeclaredMethods()) {
          if (method.isAnnotationPresent(Upstream.class)) {
            methods.add(method);
          }
        }
      } catch (ClassNotFoundException e) {
        // a class not written yet contributes no tests
      }
    }
    methods.sort(Comparator.comparing(Method::getName));
    return methods;
  }
}
