package dev.sluice.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice status}: shows the statuses of a running instance. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print the status of every object of a running Sluice, read from its admin API.")
final class StatusCommand implements Callable<Integer> {

  @Option(
      names = "--admin",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1:9901",
      description = "The admin API of the instance (default: ${DEFAULT-VALUE}).")
  String admin;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, yaml or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  public Integer call() throws InterruptedException {
    InetSocketAddress address = Addresses.parse(admin, "127.0.0.1");
    String host = address.getHostString();
    URI uri =
        URI.create(
            "http://"
                + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + ":"
                + address.getPort()
                + "/api/status");
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        System.err.println("sluice status: " + uri + " answered " + response.statusCode());
        return 1;
      }
      System.out.print(output.renderStatus(OutputFormat.JSON_MAPPER.readTree(response.body())));
      return 0;
    } catch (IOException e) {
      System.err.println(
          "sluice status: cannot reach the admin API at "
              + uri
              + " ("
              + e
              + "); is `sluice run` running with --admin "
              + admin
              + "?");
      return 1;
    }
  }
}
