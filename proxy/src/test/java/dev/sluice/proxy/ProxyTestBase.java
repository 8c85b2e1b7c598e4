package dev.sluice.proxy;

import dev.sluice.ir.GatewayIr;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.TestOrigin;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A proxy and two recording origins per test, with raw-socket helpers. */
abstract class ProxyTestBase {

  protected ProxyServer proxy;
  protected TestOrigin a;
  protected TestOrigin b;

  @BeforeEach
  void startProxyAndOrigins() {
    proxy = ProxyServer.create(new ProxyOptions(2, Duration.ofSeconds(2), Duration.ofSeconds(2)));
    a = new TestOrigin("a");
    b = new TestOrigin("b");
  }

  @AfterEach
  void stopAll() {
    proxy.close();
    a.close();
    b.close();
  }

  protected ApplyResult apply(GatewayIr ir) {
    try {
      ApplyResult result = proxy.apply(ir);
      result
          .bindings()
          .forEach(
              binding ->
                  binding
                      .error()
                      .ifPresent(
                          e -> {
                            throw new AssertionError(
                                "listener " + binding.listenerName() + ": " + e);
                          }));
      return result;
    } catch (SnapshotCompileException e) {
      throw new AssertionError(e);
    }
  }

  protected static RawHttp.Response get(int port, String host, String target) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.exchange("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }
  }
}
