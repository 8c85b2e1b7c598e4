package dev.sluice.bench;

import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.filter.FilterChain;
import dev.sluice.proxy.filter.FilterChainCompiler;
import dev.sluice.proxy.routing.CompiledRoute;
import dev.sluice.proxy.routing.ListenerRoutes;
import dev.sluice.proxy.routing.RouteCompileException;
import dev.sluice.proxy.routing.SnapshotCompiler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route lookup on a compiled snapshot ({@link ListenerRoutes#route}) with 1, 100 and 10,000 routes.
 * {@code spread} cycles through requests for random existing routes; {@code worstCase} sends the
 * request that is tried against the most routes (the catch-all of {@link BenchIr.Shape#PATHS}, an
 * unknown host for {@link BenchIr.Shape#HOSTS}). One instance per trial, used by one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteMatchingBenchmark {

  private static final int SPREAD = 1024;

  @Param({"1", "100", "10000"})
  public int routes;

  @Param({"PATHS", "HOSTS"})
  public BenchIr.Shape shape;

  private ListenerRoutes<FilterChain> listener;
  private SimpleRequest[] spread;
  private SimpleRequest worst;
  private int next;

  @Setup
  public void setup() throws RouteCompileException {
    listener =
        SnapshotCompiler.compile(
                BenchIr.ir(shape, routes, new Endpoint("127.0.0.1", 9), List.of()),
                new FilterChainCompiler())
            .listener(BenchIr.LISTENER)
            .orElseThrow();
    SplittableRandom random = new SplittableRandom(42);
    spread = new SimpleRequest[SPREAD];
    for (int i = 0; i < SPREAD; i++) {
      int target = random.nextInt(routes);
      spread[i] = request(target);
      String expected = "route-" + target;
      String actual = listener.route(spread[i]).map(r -> r.key().name()).orElse("none");
      if (!actual.equals(expected)) {
        throw new IllegalStateException(
            "request " + spread[i] + " routed to " + actual + " (expected " + expected + ")");
      }
    }
    worst =
        shape == BenchIr.Shape.PATHS
            ? get("bench.local", "/other/items")
            : get("unknown.bench", "/items");
  }

  private SimpleRequest request(int route) {
    return switch (shape) {
      case PATHS -> get("bench.local", route == 0 ? "/items" : "/svc-" + route + "/items");
      case HOSTS -> get(BenchIr.host(route), "/items");
    };
  }

  private static SimpleRequest get(String host, String path) {
    return new SimpleRequest(host, "GET", path, Map.of("user-agent", "bench"));
  }

  @Benchmark
  public Optional<CompiledRoute<FilterChain>> spread() {
    return listener.route(spread[next++ & (SPREAD - 1)]);
  }

  @Benchmark
  public Optional<CompiledRoute<FilterChain>> worstCase() {
    return listener.route(worst);
  }
}
