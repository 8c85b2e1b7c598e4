package dev.sluice.cli;

import dev.sluice.echo.EchoOptions;
import dev.sluice.echo.EchoServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice echo}: an echo backend for trying routes. */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    description = {
      "Run an echo backend: every request is answered with a JSON description of itself",
      "(path, host, method, proto, headers, namespace, pod, service), as the Gateway API",
      "conformance echo server does. X-Echo-Set-Header: 'Name: value' sets response headers;",
      "/status/NNN answers with status NNN."
    })
final class EchoCommand implements Runnable {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:3000",
      description = "Where to listen (default: ${DEFAULT-VALUE}).")
  String listen;

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
    InetSocketAddress address = Addresses.parse(listen, "127.0.0.1");
    try {
      EchoServer echo =
          EchoServer.start(
              new EchoOptions(address.getHostString(), address.getPort(), pod, namespace, service));
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
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
