package dev.sluice.echo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the one-line JSON answer to the TCP echo's {@code TEST} command, in echo-basic's field
 * layout: {@code namespace, ingress, service, pod, tcpport, tlsport, isTLS, tls{version,
 * serverName, negotiatedProtocol, cipherSuite}} (empty {@code tlsport} and {@code
 * negotiatedProtocol}, and {@code tls} on a plain connection, are left out; the key exchange group,
 * {@code curves}, is not exposed by JSSE and always left out). Thread-safe: the ports are set once
 * after binding.
 */
final class TcpReport {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final EchoOptions options;
  private volatile String tcpPort = "";
  private volatile String tlsPort = "";

  TcpReport(EchoOptions options) {
    this.options = options;
  }

  /** Records the bound ports; each is empty when its listener is off. */
  void ports(String tcpPort, String tlsPort) {
    this.tcpPort = tcpPort;
    this.tlsPort = tlsPort;
  }

  String render(Optional<TlsFacts> tls) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("namespace", options.namespace());
    body.put("ingress", "");
    body.put("service", options.service());
    body.put("pod", options.pod());
    body.put("tcpport", tcpPort);
    if (!tlsPort.isEmpty()) {
      body.put("tlsport", tlsPort);
    }
    body.put("isTLS", tls.isPresent());
    tls.ifPresent(facts -> body.put("tls", tls(facts)));
    return JSON.writeValueAsString(body);
  }

  private static Map<String, Object> tls(TlsFacts facts) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", facts.goVersionName());
    out.put("serverName", facts.serverName());
    if (!facts.negotiatedProtocol().isEmpty()) {
      out.put("negotiatedProtocol", facts.negotiatedProtocol());
    }
    out.put("cipherSuite", facts.cipherSuite());
    return out;
  }
}
