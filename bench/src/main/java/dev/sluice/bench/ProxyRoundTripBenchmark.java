package dev.sluice.bench;

import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.ApplyResult;
import dev.sluice.proxy.ListenerBinding;
import dev.sluice.proxy.ProxyOptions;
import dev.sluice.proxy.ProxyServer;
import dev.sluice.proxy.SnapshotCompileException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTP/1.1 request through the real data plane ({@link ProxyServer} with one event loop, over
 * loopback sockets) to an in-process origin, against the same request sent to the origin directly.
 * This is the request and response translation path end to end: decode, route, hop-by-hop and
 * forwarding headers, upstream pool, encode. With {@code -prof gc}, {@code proxied} minus {@code
 * direct} in {@code gc.alloc.rate.norm} is what the proxy allocates per request. One instance per
 * trial, used by one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ProxyRoundTripBenchmark {

  @Param({"13", "16384"})
  public int bodyBytes;

  private FixedOrigin origin;
  private ProxyServer proxy;
  private BlockingHttpClient viaProxy;
  private BlockingHttpClient direct;

  @Setup(Level.Trial)
  public void setup() throws IOException, InterruptedException, SnapshotCompileException {
    origin = FixedOrigin.start(bodyBytes);
    int port = freePort();
    proxy = ProxyServer.create(new ProxyOptions(1, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    ApplyResult result =
        proxy.apply(BenchIr.single(port, new Endpoint("127.0.0.1", origin.port())));
    if (!result.bindings().stream().allMatch(ListenerBinding::bound)) {
      throw new IllegalStateException("proxy listener not bound: " + result);
    }
    viaProxy = new BlockingHttpClient(port, "/small");
    direct = new BlockingHttpClient(origin.port(), "/small");
    requireOk("proxied", viaProxy.exchange());
    requireOk("direct", direct.exchange());
  }

  private static void requireOk(String what, int status) {
    if (status != 200) {
      throw new IllegalStateException(what + " request answered " + status + " (expected 200)");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    viaProxy.close();
    direct.close();
    proxy.close();
    origin.close();
  }

  @Benchmark
  public int proxied() throws IOException {
    return viaProxy.exchange();
  }

  @Benchmark
  public int direct() throws IOException {
    return direct.exchange();
  }
}
