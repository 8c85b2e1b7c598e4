package dev.sluice.proxy.http2;

import dev.sluice.ir.ClientLimits;
import dev.sluice.proxy.transport.ConnectionDrain;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits after the frame codec of a client HTTP/2 connection and applies what the codec's settings
 * cannot: the connection flow-control window ({@code http2ConnectionWindowBytes}, opened with a
 * {@code WINDOW_UPDATE} with the client's first frame), the idle timeout (no open stream for {@code
 * idleTimeout} → {@code GOAWAY} and close), the connection's budget ({@code
 * maxRequestsPerConnection} streams or {@code maxConnectionDuration} of age → graceful {@code
 * GOAWAY}) and the drain signal (two-phase {@code GOAWAY}, open streams finish, then close).
 * Closing goes through the codec, which sends the {@code GOAWAY} and waits for open streams; the
 * streams' stall guard stops with the connection.
 *
 * <p>The drain follows RFC 9113 §6.8: a first {@code GOAWAY(NO_ERROR)} with the last-stream-id
 * 2^31-1 tells the client to open no more streams while those already on the way are still served;
 * a {@code PING} follows, and once its ack is back (one round trip, so every stream the client sent
 * before it saw the first {@code GOAWAY} has arrived) or after {@link #DRAIN_PING_WAIT} the final
 * {@code GOAWAY} names the last stream really seen and the connection closes. Any close of the
 * connection meanwhile sends that final {@code GOAWAY} first, so the client always learns which
 * streams were processed. Event-loop confined; one instance per connection.
 */
final class Http2ConnectionGuard extends ChannelDuplexHandler {

  /** How long the drain waits for the ack of its {@code PING} before the final {@code GOAWAY}. */
  static final Duration DRAIN_PING_WAIT = Duration.ofSeconds(1);

  /** The drain's {@code PING} payload, to tell its ack from others. */
  private static final long DRAIN_PING = 0x736c75696365L;

  private static final Logger log = LoggerFactory.getLogger(Http2ConnectionGuard.class);
  private final ClientLimits limits;
  private final StreamStallGuard stallGuard;
  private Http2Connection connection;
  private ScheduledFuture<?> idle;
  private boolean windowOpened;
  private int streams;
  private ScheduledFuture<?> age;

  /** The first {@code GOAWAY} of the drain is out, the final one not yet. */
  private boolean drainAnnounced;

  private ScheduledFuture<?> drainPing;

  Http2ConnectionGuard(ClientLimits limits, StreamStallGuard stallGuard) {
    this.limits = limits;
    this.stallGuard = stallGuard;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
    connection = codec.connection();
    connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onStreamActive(Http2Stream stream) {
            cancelIdle();
          }

          @Override
          public void onStreamAdded(Http2Stream stream) {
            // §4 E7: after the last allowed stream, a graceful GOAWAY (streams so far finish).
            if (!connection.isServer() || stream.id() % 2 == 0) {
              return;
            }
            if (++streams == limits.maxRequestsPerConnection()) {
              ctx.executor().execute(() -> ctx.channel().close());
            }
          }

          @Override
          public void onStreamClosed(Http2Stream stream) {
            // The closed stream no longer counts here. Only the last one can leave the connection
            // quiet: checked again once the close has been fully applied, without a task per
            // stream while others are open.
            if (connection.numActiveStreams() == 0) {
              ctx.executor().execute(() -> armIdleIfQuiet(ctx));
            }
          }
        });
    armIdleIfQuiet(ctx);
    age =
        ctx.executor()
            .schedule(
                () -> ctx.channel().close(),
                limits.maxConnectionDuration().toNanos(),
                TimeUnit.NANOSECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ConnectionDrain.EVENT) {
      announceDrain(ctx);
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // The first frame follows the client's preface, and ours was sent at activation: a
    // WINDOW_UPDATE is now in order.
    if (!windowOpened) {
      windowOpened = true;
      openConnectionWindow(ctx);
    }
    if (drainAnnounced
        && msg instanceof Http2PingFrame ping
        && ping.ack()
        && ping.content() == DRAIN_PING) {
      ctx.channel().close();
    }
    ctx.fireChannelRead(msg);
  }

  /**
   * The first phase of the drain; a connection that has already sent a {@code GOAWAY} (or is not
   * active) just closes.
   */
  private void announceDrain(ChannelHandlerContext ctx) {
    if (drainAnnounced || connection.goAwaySent() || !ctx.channel().isActive()) {
      ctx.channel().close();
      return;
    }
    drainAnnounced = true;
    ctx.write(
        new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
    ctx.writeAndFlush(new DefaultHttp2PingFrame(DRAIN_PING));
    drainPing =
        ctx.executor()
            .schedule(
                () -> {
                  drainPing = null;
                  ctx.channel().close();
                },
                DRAIN_PING_WAIT.toNanos(),
                TimeUnit.NANOSECONDS);
  }

  /** Every close passes here: after the drain's first {@code GOAWAY}, the final one goes first. */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (drainAnnounced) {
      drainAnnounced = false;
      cancelDrainPing();
      if (ctx.channel().isActive()) {
        ctx.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
      }
    }
    ctx.close(promise);
  }

  private void cancelDrainPing() {
    if (drainPing != null) {
      drainPing.cancel(false);
      drainPing = null;
    }
  }

  private void openConnectionWindow(ChannelHandlerContext ctx) {
    int current = connection.local().flowController().windowSize(connection.connectionStream());
    int delta = limits.http2ConnectionWindowBytes() - current;
    if (delta > 0) {
      ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(delta));
    }
  }

  private void armIdleIfQuiet(ChannelHandlerContext ctx) {
    if (idle != null || connection.numActiveStreams() > 0 || !ctx.channel().isActive()) {
      return;
    }
    idle =
        ctx.executor()
            .schedule(
                () -> {
                  idle = null;
                  if (connection.numActiveStreams() == 0) {
                    ctx.channel().close();
                  }
                },
                limits.idleTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
  }

  private void cancelIdle() {
    if (idle != null) {
      idle.cancel(false);
      idle = null;
    }
  }

  private void cancelAge() {
    if (age != null) {
      age.cancel(false);
      age = null;
    }
  }

  /**
   * A connection error the codec reports has already been answered with {@code GOAWAY}; logging it
   * at debug keeps a hostile client from filling the log. Stream errors go on to the multiplexer,
   * which hands them to their stream.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof Http2FrameStreamException)
        && Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
      log.debug("{} HTTP/2 connection error: {}", ctx.channel(), cause.toString());
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelIdle();
    cancelAge();
    cancelDrainPing();
    stallGuard.close();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelIdle();
    cancelAge();
    cancelDrainPing();
    stallGuard.close();
  }
}
