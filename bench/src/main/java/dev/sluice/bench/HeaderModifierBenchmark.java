package dev.sluice.bench;

import dev.sluice.ir.Backend;
import dev.sluice.ir.Endpoint;
import dev.sluice.ir.HttpFilterSpec;
import dev.sluice.ir.HttpHeader;
import dev.sluice.ir.Route;
import dev.sluice.proxy.filter.FilterChain;
import dev.sluice.proxy.filter.FilterChainCompiler;
import dev.sluice.proxy.filter.FilterContext;
import dev.sluice.proxy.filter.HttpFilter;
import dev.sluice.proxy.filter.MirrorTap;
import dev.sluice.proxy.routing.RouteCompileException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code RequestHeaderModifier} and {@code ResponseHeaderModifier} filters, compiled by the real
 * {@link FilterChainCompiler}, applied to a typical browser-sized request head and an origin
 * response head. Each invocation builds a fresh head (the filters mutate it); the {@code new*}
 * benchmarks measure that construction alone, so the filter's own cost is the difference. One
 * instance per trial, used by one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderModifierBenchmark {

  /** The exchange's side of the filter API; header modifiers do not use it. */
  private record Context() implements FilterContext {
    @Override
    public String scheme() {
      return "http";
    }

    @Override
    public String host() {
      return "bench.local";
    }

    @Override
    public int listenerPort() {
      return 8080;
    }

    @Override
    public Optional<MirrorTap> openMirror(Backend backend, HttpRequest head) {
      return Optional.empty();
    }
  }

  private final FilterContext context = new Context();
  private final List<HttpFilter> requestFilters = new ArrayList<>();
  private final List<HttpFilter> responseFilters = new ArrayList<>();

  @Setup
  public void setup() throws RouteCompileException {
    Route route =
        BenchIr.ir(BenchIr.Shape.PATHS, 1, new Endpoint("127.0.0.1", 9), List.of())
            .listeners()
            .get(0)
            .virtualHosts()
            .get(0)
            .routes()
            .get(0);
    List<HttpHeader> set =
        List.of(new HttpHeader("x-env", "bench"), new HttpHeader("x-request-source", "gateway"));
    List<HttpHeader> add = List.of(new HttpHeader("x-trace", "on"));
    FilterChainCompiler compiler = new FilterChainCompiler();
    FilterChain request =
        compiler.compile(
            route,
            List.of(new HttpFilterSpec.RequestHeaderModifier(set, add, List.of("x-debug"))),
            "filters");
    FilterChain response =
        compiler.compile(
            route,
            List.of(new HttpFilterSpec.ResponseHeaderModifier(set, add, List.of("server"))),
            "filters");
    request.instantiate(requestFilters);
    response.instantiate(responseFilters);
  }

  @Benchmark
  public HttpRequest newRequest() {
    HttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/items?id=42");
    HttpHeaders h = request.headers();
    h.add("host", "bench.local");
    h.add("user-agent", "Mozilla/5.0 (X11; Linux x86_64) bench/1.0");
    h.add("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    h.add("accept-encoding", "gzip, deflate, br");
    h.add("accept-language", "en-US,en;q=0.5");
    h.add("cookie", "session=0123456789abcdef; theme=dark");
    h.add("x-debug", "1");
    h.add("x-forwarded-for", "10.0.0.1");
    return request;
  }

  @Benchmark
  public HttpRequest modifyRequest() {
    HttpRequest request = newRequest();
    for (HttpFilter filter : requestFilters) {
      filter.onRequestHeaders(context, request);
    }
    return request;
  }

  @Benchmark
  public HttpResponse newResponse() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders h = response.headers();
    h.add("server", "nginx/1.22.1");
    h.add("date", "Sat, 21 Nov 2026 08:08:26 GMT");
    h.add("content-type", "text/plain");
    h.add("content-length", "13");
    h.add("last-modified", "Sat, 21 Nov 2026 08:08:21 GMT");
    h.add("etag", "\"6b015175-d\"");
    h.add("accept-ranges", "bytes");
    return response;
  }

  @Benchmark
  public HttpResponse modifyResponse() {
    HttpResponse response = newResponse();
    for (HttpFilter filter : responseFilters) {
      filter.onResponseHeaders(context, response);
    }
    return response;
  }
}
