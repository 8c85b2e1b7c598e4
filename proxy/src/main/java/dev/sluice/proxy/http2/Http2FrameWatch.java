package dev.sluice.proxy.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.logging.LogLevel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the frames of one client HTTP/2 connection as they cross the frame codec, through Netty's
 * frame-logger hook (the only place where every frame the codec writes or reads is visible; nothing
 * is logged). It enforces two rules the codec lacks:
 *
 * <ul>
 *   <li><b>Every stream reset the server sends counts</b> (MadeYouReset, CVE-2025-8671): Netty's
 *       encoder limit ignores {@code CANCEL}, which is what a stream closed by the proxy (a request
 *       the exchange gave up on) sends. More than {@code maxResetsPerWindow} resets of any code in
 *       30 s end the connection with {@code GOAWAY(ENHANCE_YOUR_CALM)}.
 *   <li><b>HEADERS on a stream the client can no longer open is a connection error</b> (RFC 9113
 *       §5.1.1, §5.1): a reused or lower stream id gets {@code GOAWAY(PROTOCOL_ERROR)}, where Netty
 *       would answer with a stream reset. Streams the server reset recently are exempt: the client
 *       may have sent trailers before it saw the reset.
 * </ul>
 *
 * Event-loop confined; one instance per connection (its codec calls it on the connection's loop).
 */
final class Http2FrameWatch extends Http2FrameLogger {

  private static final Logger log = LoggerFactory.getLogger(Http2FrameWatch.class);
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final int RECENT_RESETS = 256;

  private final int maxResetsPerWindow;
  private final int[] recentResets = new int[RECENT_RESETS];
  private int nextRecent;
  private long windowStart = System.nanoTime();
  private int resetsInWindow;
  private boolean exceeded;

  /** A watch that tolerates {@code maxResetsPerWindow} server-sent resets per 30 s. */
  Http2FrameWatch(int maxResetsPerWindow) {
    super(LogLevel.TRACE, Http2FrameWatch.class);
    this.maxResetsPerWindow = maxResetsPerWindow;
  }

  /** Never logs: this logger only watches. */
  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public void logRstStream(
      Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
    if (direction != Direction.OUTBOUND) {
      return;
    }
    recentResets[nextRecent] = streamId;
    nextRecent = (nextRecent + 1) % RECENT_RESETS;
    long now = System.nanoTime();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      resetsInWindow = 0;
    }
    if (++resetsInWindow > maxResetsPerWindow && !exceeded) {
      exceeded = true;
      tooManyResets(ctx);
    }
  }

  /** Like Netty's own limit: the codec sends GOAWAY, then closes the connection. */
  private void tooManyResets(ChannelHandlerContext ctx) {
    log.debug(
        "{} sent more than {} stream resets within 30 s; closing",
        ctx.channel(),
        maxResetsPerWindow);
    Http2Exception error =
        Http2Exception.connectionError(
            Http2Error.ENHANCE_YOUR_CALM,
            "more than %d stream resets within 30 s (expected: at most %d)",
            maxResetsPerWindow,
            maxResetsPerWindow);
    if (ctx.handler() instanceof Http2ConnectionHandler codec) {
      // The codec writes GOAWAY and closes once it is written; the reset that got us here may be
      // written from inside a flush, so flush again from a fresh task too.
      codec.onError(ctx, true, error);
      ctx.executor().execute(ctx::flush);
    } else {
      ctx.close();
    }
  }

  @Override
  public void logHeaders(
      Direction direction,
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int padding,
      boolean endStream) {
    if (direction == Direction.INBOUND) {
      checkStreamCanCarryHeaders(ctx, streamId);
    }
  }

  @Override
  public void logHeaders(
      Direction direction,
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int streamDependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean endStream) {
    if (direction == Direction.INBOUND) {
      checkStreamCanCarryHeaders(ctx, streamId);
    }
  }

  /**
   * A client HEADERS frame is acceptable on an open stream or on a new, higher stream id. Thrown
   * from inside the codec's frame reader, the error becomes a {@code GOAWAY}.
   */
  private void checkStreamCanCarryHeaders(ChannelHandlerContext ctx, int streamId) {
    if (!(ctx.handler() instanceof Http2ConnectionHandler codec)) {
      return;
    }
    Http2Connection connection = codec.connection();
    if (connection.stream(streamId) != null
        || !connection.remote().isValidStreamId(streamId)
        || !connection.streamMayHaveExisted(streamId)
        || recentlyReset(streamId)) {
      return;
    }
    throw new IllegalStateException(
        Http2Exception.connectionError(
            Http2Error.PROTOCOL_ERROR,
            "HEADERS on stream %d, which is closed or lower than the last opened stream %d"
                + " (expected: a new, higher stream id)",
            streamId,
            connection.remote().lastStreamCreated()));
  }

  private boolean recentlyReset(int streamId) {
    for (int id : recentResets) {
      if (id == streamId) {
        return true;
      }
    }
    return false;
  }
}
