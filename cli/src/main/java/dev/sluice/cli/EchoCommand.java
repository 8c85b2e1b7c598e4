package dev.sluice.cli;

import dev.sluice.echo.EchoOptions;
import dev.sluice.echo.EchoServer;
import dev.sluice.echo.TlsCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice echo}: an echo backend for trying routes. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    header = "Run an echo backend that answers every request with a JSON description of it.",
    description = {
      "Run an echo backend: every request is answered with a JSON description of itself"
          + " (path, host, method, proto, headers, namespace, pod, service), as the Gateway "
          + "API conformance echo server does. X-Echo-Set-Header: 'Name: value' sets response"
          + " headers; /status/NNN answers with status NNN; /ws is a WebSocket echo. The HTTP"
          + " port also speaks HTTP/2 (prior knowledge and h2c upgrade) and gRPC (the "
          + "conformance GrpcEcho service)."
    })
final class EchoCommand implements Runnable {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:3000",
      description = "HTTP/1.1, h2c and gRPC (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--tls-port",
      paramLabel = "PORT",
      description = "Also serve HTTPS (h2 and http/1.1 by ALPN) here; needs --tls-cert/--tls-key.")
  Integer tlsPort;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key.")
  Path tlsKey;

  @Option(
      names = "--tcp-port",
      paramLabel = "PORT",
      description = "Also serve the conformance TCP echo (PING/PONG, TEST) here.")
  Integer tcpPort;

  @Option(names = "--udp-port", paramLabel = "PORT", description = "Also echo UDP datagrams here.")
  Integer udpPort;

  @Option(names = "--pod", defaultValue = "echo", description = "Pod name to report.")
  String pod;

  @Option(
      names = "--namespace",
      defaultValue = "default",
      description = "Namespace to report (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--service", defaultValue = "echo", description = "Service name to report.")
  String service;

  @Override
  public void run() {
    try {
      EchoServer echo = EchoServer.start(options());
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    echo.close();
                    stopped.countDown();
                  },
                  "sluice-echo-shutdown"));
      System.out.println("echo backend on http://" + listen);
      echo.tlsAddress().ifPresent(a -> System.out.println("  https on port " + a.getPort()));
      echo.tcpAddress().ifPresent(a -> System.out.println("  tcp on port " + a.getPort()));
      echo.udpAddress().ifPresent(a -> System.out.println("  udp on port " + a.getPort()));
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private EchoOptions options() {
    InetSocketAddress address = Addresses.parse(listen, "127.0.0.1");
    EchoOptions.Builder builder =
        EchoOptions.builder(pod, namespace, service)
            .host(address.getHostString())
            .port(address.getPort());
    if (tlsPort != null) {
      builder.tls(credentials()).tlsPort(tlsPort);
    }
    Optional.ofNullable(tcpPort).ifPresent(builder::tcpPort);
    Optional.ofNullable(udpPort).ifPresent(builder::udpPort);
    return builder.build();
  }

  private TlsCredentials credentials() {
    if (tlsCert == null || tlsKey == null) {
      throw new IllegalArgumentException("--tls-port needs --tls-cert FILE and --tls-key FILE");
    }
    try {
      return new TlsCredentials(Files.readString(tlsCert), Files.readString(tlsKey));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the TLS certificate or key: " + e.getMessage(), e);
    }
  }
}
