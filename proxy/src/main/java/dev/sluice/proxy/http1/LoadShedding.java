package dev.sluice.proxy.http1;

import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import dev.sluice.proxy.upstream.UpstreamOverloadedException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a request that arrives while the proxy sheds load for lack of memory
 * (reliability-security.md §4 E6; Envoy's {@code stop_accepting_requests} and {@code
 * disable_http_keepalive}): 503 at once, before parsing or routing, with {@code Retry-After: 1} and
 * {@code x-sluice-overloaded: true} (the circuit breaker's marker); gRPC calls get {@code
 * UNAVAILABLE}. The connection is not kept alive: HTTP/1.1 closes after the response ({@code
 * Connection: close}); on HTTP/2 the connection gets a graceful {@code GOAWAY}, so the client opens
 * no new stream on it while the streams in flight finish. Stateless; runs on the exchange's event
 * loop.
 */
final class LoadShedding {

  private static final Logger log = LoggerFactory.getLogger(LoadShedding.class);
  private static final String DETAIL = "proxy overloaded (memory pressure); retry later";

  private LoadShedding() {}

  /** Answers {@code exchange} (which has not started anything yet) and ends keep-alive. */
  static void shed(Exchange exchange) {
    log.debug(
        "{} {} shed: {}", exchange.method, exchange.request.uri(), exchange.listener.memory());
    ProxyFailure failure = new ProxyFailure(Source.INTERNAL, Kind.OVERLOADED, DETAIL);
    FullHttpResponse response =
        exchange.grpc
            ? GrpcResponses.failure(failure, true)
            : LocalResponses.text(failure.status(), List.of(), failure.detail(), true);
    response
        .headers()
        .set(HttpHeaderNames.RETRY_AFTER, "1")
        .set(UpstreamOverloadedException.HEADER, "true");
    exchange.body.discardRest();
    exchange.response.local(response, true);
    if (exchange.downstream instanceof Http2StreamChannel stream) {
      // The codec's close is graceful: GOAWAY(NO_ERROR) naming the last stream it saw, then the
      // connection closes once its open streams ended or the drain timeout passed. The 503 was
      // written to the codec above, so it precedes the GOAWAY on the wire.
      stream.parent().close();
    }
  }
}
