package dev.sluice.proxy.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a client stream: turns its frames into the HTTP/1 objects the exchange runs
 * on ({@link RequestConversion}; DATA becomes content, the buffer moves without a copy), hands them
 * on one per read ({@link ReadDemand}), and writes the exchange's response objects back as frames
 * ({@link ResponseConversion}), every write watched by the connection's {@link StreamStallGuard}. A
 * malformed request, and a stream error the codec hands to the stream (a missing pseudo-header, a
 * {@code content-length} the DATA frames contradict), is answered with {@code RST_STREAM} carrying
 * the error's own code; left to the exchange, the stream would be closed, which Netty sends as
 * {@code CANCEL} (RFC 9113 §8.1.1 asks for {@code PROTOCOL_ERROR}). Other failures go on to the
 * exchange. Doing all of this in one handler keeps a stream's pipeline short: it is built for every
 * request. Event-loop confined; one per stream.
 */
final class StreamBridge extends ChannelDuplexHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamBridge.class);

  private final StreamStallGuard stallGuard;
  private final ReadDemand demand = new ReadDemand();
  private StreamStallGuard.Writes writes;

  StreamBridge(StreamStallGuard stallGuard) {
    this.stallGuard = stallGuard;
  }

  /** One per stream; answered without the per-class lookup Netty would make on every add. */
  @Override
  public boolean isSharable() {
    return false;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    writes = stallGuard.watch(ctx.channel());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame headers) {
      HttpObject request;
      try {
        request = RequestConversion.convert(headers);
      } catch (Http2Exception e) {
        reset(ctx, e);
        return;
      }
      demand.deliver(ctx, request);
    } else if (msg instanceof Http2DataFrame data) {
      demand.deliver(
          ctx,
          data.isEndStream()
              ? new DefaultLastHttpContent(data.content(), EmptyHttpHeaders.INSTANCE)
              : new DefaultHttpContent(data.content()));
    } else {
      demand.deliver(ctx, msg);
    }
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    demand.read(ctx);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelPromise tracked = writes.track(promise);
    if (msg instanceof HttpObject http) {
      ResponseConversion.write(ctx, http, tracked);
    } else {
      ctx.write(msg, tracked);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Http2Exception error = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
    if (!(error instanceof Http2Exception.StreamException) || !open(ctx)) {
      // Not a stream error, or one about writes the closing of the stream failed: the stream
      // needs no (further) reset.
      ctx.fireExceptionCaught(cause);
      return;
    }
    reset(ctx, error);
  }

  private static void reset(ChannelHandlerContext ctx, Http2Exception error) {
    log.debug("{} stream error: {}", ctx.channel(), error.getMessage());
    // The reset closes the stream channel: frames still in flight are released by Netty.
    ctx.writeAndFlush(new DefaultHttp2ResetFrame(error.error()));
  }

  private static boolean open(ChannelHandlerContext ctx) {
    return ctx.channel().isActive()
        && ctx.channel() instanceof Http2StreamChannel stream
        && stream.stream().state() != Http2Stream.State.CLOSED;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    writes.stop();
    demand.inactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    demand.release();
    if (writes != null) {
      writes.stop();
    }
  }
}
