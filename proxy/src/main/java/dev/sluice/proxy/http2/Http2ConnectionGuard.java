package dev.sluice.proxy.http2;

import dev.sluice.ir.ClientLimits;
import dev.sluice.proxy.transport.ConnectionDrain;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits after the frame codec of a client HTTP/2 connection and applies what the codec's settings
 * cannot: the connection flow-control window ({@code http2ConnectionWindowBytes}, opened with a
 * {@code WINDOW_UPDATE} with the client's first frame), the idle timeout (no open stream for {@code
 * idleTimeout} → {@code GOAWAY} and close), the connection's budget ({@code
 * maxRequestsPerConnection} streams or {@code maxConnectionDuration} of age → graceful {@code
 * GOAWAY}) and the drain signal ({@code GOAWAY}, open streams finish, then close). Closing goes
 * through the codec, which sends the {@code GOAWAY} and waits for open streams; the streams' stall
 * guard stops with the connection. Event-loop confined; one instance per connection.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Http2ConnectionGuard.class);
  private final ClientLimits limits;
  private final StreamStallGuard stallGuard;
  private Http2Connection connection;
  private ScheduledFuture<?> idle;
  private boolean windowOpened;
  private int streams;
  private ScheduledFuture<?> age;

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
      ctx.channel().close();
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
    ctx.fireChannelRead(msg);
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
    stallGuard.close();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelIdle();
    cancelAge();
    stallGuard.close();
  }
}
