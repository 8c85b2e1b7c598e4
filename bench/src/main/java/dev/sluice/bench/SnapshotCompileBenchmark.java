package dev.sluice.bench;

import dev.sluice.ir.Endpoint;
import dev.sluice.ir.GatewayIr;
import dev.sluice.proxy.filter.FilterChain;
import dev.sluice.proxy.filter.FilterChainCompiler;
import dev.sluice.proxy.routing.RouteCompileException;
import dev.sluice.proxy.routing.RoutingSnapshot;
import dev.sluice.proxy.routing.SnapshotCompiler;
import java.util.List;
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
 * The cost of compiling an IR into a routing snapshot, paid on every config change: what a route
 * added every 100 ms costs the reload thread at 1, 100 and 10,000 routes. One instance per trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SnapshotCompileBenchmark {

  @Param({"1", "100", "10000"})
  public int routes;

  private GatewayIr ir;
  private final FilterChainCompiler filters = new FilterChainCompiler();

  @Setup
  public void setup() {
    ir = BenchIr.ir(BenchIr.Shape.PATHS, routes, new Endpoint("127.0.0.1", 9), List.of());
  }

  @Benchmark
  public RoutingSnapshot<FilterChain> compile() throws RouteCompileException {
    return SnapshotCompiler.compile(ir, filters);
  }
}
