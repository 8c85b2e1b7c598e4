package dev.sluice.it;

/** Small YAML builders shared by the end-to-end tests. */
final class Yaml {

  private Yaml() {}

  static final String GATEWAY_CLASS =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata:
        name: sluice
      spec:
        controllerName: sluice.dev/gateway-controller
      """;

  /** A Gateway with one HTTP listener on {@code port} that accepts routes from all namespaces. */
  static String gateway(String name, int port) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: %s
          namespace: default
        spec:
          gatewayClassName: sluice
          listeners:
            - name: http
              protocol: HTTP
              port: %d
              allowedRoutes:
                namespaces:
                  from: All
        """
        .formatted(name, port);
  }

  /**
   * An HTTPRoute attached to gateway {@code gateway} sending {@code pathPrefix} to {@code service}.
   */
  static String route(String name, String gateway, String pathPrefix, String service) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: %s
          namespace: default
        spec:
          parentRefs:
            - name: %s
          rules:
            - matches:
                - path:
                    type: PathPrefix
                    value: %s
              backendRefs:
                - name: %s
                  port: 8080
        """
        .formatted(name, gateway, pathPrefix, service);
  }

  static String docs(String... documents) {
    return String.join("---\n", documents);
  }
}
