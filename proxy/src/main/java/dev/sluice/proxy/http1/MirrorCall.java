package dev.sluice.proxy.http1;

import dev.sluice.ir.Backend;
import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.filter.MirrorTap;
import dev.sluice.proxy.snapshot.UpstreamTlsContexts;
import dev.sluice.proxy.upstream.UpstreamConnection;
import dev.sluice.proxy.upstream.UpstreamListener;
import dev.sluice.proxy.upstream.UpstreamPool;
import dev.sluice.proxy.upstream.UpstreamTarget;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A fire-and-forget copy of one request to a mirror backend. It never delays the main request:
 * chunks that arrive before the mirror connection is up are buffered up to a limit, and a mirror
 * that is not writable, fails or exceeds the limit is abandoned. The response is read and dropped.
 * Event-loop confined (the main exchange's loop).
 */
final class MirrorCall implements MirrorTap, UpstreamListener {

  private static final int MAX_BUFFERED_BYTES = 1024 * 1024;
  private static final long RESPONSE_TIMEOUT_SECONDS = 30;

  private final UpstreamPool pool;
  private final UpstreamTarget target;
  private final HttpRequest head;
  private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
  private int pendingBytes;
  private UpstreamConnection connection;
  private ScheduledFuture<?> timeout;
  private boolean requestComplete;
  private boolean keepAlive;
  private boolean interim;
  private boolean abandoned;

  MirrorCall(UpstreamPool pool, UpstreamTarget target, HttpRequest head) {
    this.pool = pool;
    this.target = target;
    this.head = head;
  }

  /**
   * Starts a mirrored copy to a random endpoint of {@code backend}, spoken with the backend's
   * protocol and TLS settings; empty when it is invalid, has no endpoints or its TLS context is
   * missing. Takes ownership of {@code head}.
   */
  static Optional<MirrorTap> open(
      UpstreamPool pool, Backend backend, HttpRequest head, UpstreamTlsContexts tls) {
    if (!(backend instanceof Backend.Service service) || service.endpoints().isEmpty()) {
      return Optional.empty();
    }
    Endpoint endpoint =
        service.endpoints().get(ThreadLocalRandom.current().nextInt(service.endpoints().size()));
    Optional<UpstreamTarget> target = UpstreamCall.target(service, endpoint, false, tls);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    // The copy's body is sent without waiting, so it must not ask the mirror for 100-continue.
    head.headers().remove(HttpHeaderNames.EXPECT);
    MirrorCall call = new MirrorCall(pool, target.get(), head);
    call.start();
    return Optional.of(call);
  }

  void start() {
    pool.acquire(target).addListener(this::onConnected);
  }

  private void onConnected(Future<? super UpstreamConnection> f) {
    if (!f.isSuccess()) {
      abandon();
      return;
    }
    UpstreamConnection c = (UpstreamConnection) f.getNow();
    if (abandoned) {
      pool.release(c, true);
      return;
    }
    connection = c;
    c.attach(this);
    c.write(head);
    HttpContent chunk;
    while ((chunk = pending.poll()) != null) {
      c.write(chunk);
    }
    pendingBytes = 0;
    c.read();
    timeout =
        c.channel().eventLoop().schedule(this::abandon, RESPONSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void body(HttpContent chunk) {
    if (abandoned || requestComplete) {
      return;
    }
    requestComplete = chunk instanceof LastHttpContent;
    if (connection == null) {
      pendingBytes += chunk.content().readableBytes();
      pending.add(chunk.retainedDuplicate());
      if (pendingBytes > MAX_BUFFERED_BYTES) {
        abandon();
      }
    } else if (connection.isWritable()) {
      connection.write(chunk.retainedDuplicate());
    } else {
      abandon();
    }
  }

  @Override
  public void abort() {
    if (!requestComplete) {
      abandon();
    }
  }

  @Override
  public void onUpstreamMessage(HttpObject msg) {
    if (msg instanceof HttpResponse response) {
      interim = response.status().code() < 200;
      keepAlive = HttpUtil.isKeepAlive(response);
    }
    boolean last = msg instanceof LastHttpContent;
    ReferenceCountUtil.release(msg);
    if (last && !interim) {
      finish(requestComplete && keepAlive);
    } else {
      interim &= !last;
      connection.read();
    }
  }

  @Override
  public void onUpstreamClosed(Optional<Throwable> cause) {
    connection = null;
    abandon();
  }

  private void finish(boolean reusable) {
    if (timeout != null) {
      timeout.cancel(false);
    }
    UpstreamConnection c = connection;
    connection = null;
    abandoned = true;
    if (c != null) {
      pool.release(c, reusable);
    }
  }

  private void abandon() {
    HttpContent chunk;
    while ((chunk = pending.poll()) != null) {
      chunk.release();
    }
    finish(false);
  }
}
