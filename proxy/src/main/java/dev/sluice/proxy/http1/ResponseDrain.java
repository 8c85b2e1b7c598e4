package dev.sluice.proxy.http1;

import dev.sluice.proxy.upstream.UpstreamConnection;
import dev.sluice.proxy.upstream.UpstreamListener;
import dev.sluice.proxy.upstream.UpstreamPool;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads and drops the body of an upstream response that is being retried (nothing of it reaches the
 * client), then returns the connection to the pool if it can be reused. A body larger than a small
 * limit, or one that takes too long, closes the connection instead. An HTTP/2 stream is simply
 * reset. Event-loop confined.
 */
final class ResponseDrain implements UpstreamListener {

  private static final long MAX_BYTES = 64 * 1024;
  private static final long MAX_SECONDS = 5;

  private final UpstreamPool pool;
  private final UpstreamConnection connection;
  private final boolean reusable;
  private final ScheduledFuture<?> deadline;
  private long bytes;
  private boolean done;

  private ResponseDrain(UpstreamPool pool, UpstreamConnection connection, boolean reusable) {
    this.pool = pool;
    this.connection = connection;
    this.reusable = reusable;
    this.deadline =
        connection.channel().eventLoop().schedule(() -> end(false), MAX_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Takes over {@code connection}, whose response head was just read; {@code reusable} says whether
   * it may go back to the pool once the body ended (keep-alive, request fully sent).
   */
  static void start(UpstreamPool pool, UpstreamConnection connection, boolean reusable) {
    if (connection.channel() instanceof Http2StreamChannel) {
      pool.release(connection, false);
      return;
    }
    ResponseDrain drain = new ResponseDrain(pool, connection, reusable);
    connection.attach(drain);
    connection.read();
  }

  @Override
  public void onUpstreamMessage(HttpObject msg) {
    boolean last = msg instanceof LastHttpContent;
    if (msg instanceof HttpContent content) {
      bytes += content.content().readableBytes();
    }
    ReferenceCountUtil.release(msg);
    if (last) {
      end(reusable);
    } else if (bytes > MAX_BYTES) {
      end(false);
    } else {
      connection.read();
    }
  }

  @Override
  public void onUpstreamClosed(Optional<Throwable> cause) {
    end(false);
  }

  private void end(boolean reuse) {
    if (!done) {
      done = true;
      deadline.cancel(false);
      pool.release(connection, reuse);
    }
  }
}
