package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpFilterSpec.RequestMirror;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Copies a sampled share of requests, head and body, to a mirror backend; fire-and-forget. One
 * instance per request (it holds the tap); event-loop confined.
 */
final class RequestMirrorFilter implements HttpFilter {

  private final RequestMirror spec;
  private Optional<MirrorTap> tap = Optional.empty();

  RequestMirrorFilter(RequestMirror spec) {
    this.spec = spec;
  }

  @Override
  public FilterAction onRequestHeaders(FilterContext ctx, HttpRequest request) {
    if (ThreadLocalRandom.current().nextInt(spec.denominator()) < spec.numerator()) {
      HttpRequest copy =
          new DefaultHttpRequest(
              request.protocolVersion(), request.method(), request.uri(), request.headers().copy());
      tap = ctx.openMirror(spec.backend(), copy);
    }
    return FilterAction.CONTINUE;
  }

  @Override
  public FilterAction onRequestBody(FilterContext ctx, HttpContent chunk) {
    tap.ifPresent(t -> t.body(chunk));
    return FilterAction.CONTINUE;
  }

  @Override
  public void onComplete(FilterContext ctx, boolean completed) {
    // A no-op when the copy was complete; otherwise (aborted, or body discarded) it gives up.
    tap.ifPresent(MirrorTap::abort);
  }
}
