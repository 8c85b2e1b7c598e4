package dev.sluice.proxy.http2;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits after the frame-to-HTTP conversion of a client stream and turns a stream error into the
 * RST_STREAM the protocol asks for. The codec hands a stream error it detected (a request without
 * {@code :method}, a {@code content-length} that the DATA frames contradict) to the stream's
 * pipeline, and the conversion raises one for a request it cannot translate (a {@code host} that
 * contradicts {@code :authority}, RFC 9113 §8.3.1). Without this handler the exchange would close
 * the stream, which Netty sends as {@code CANCEL}; a malformed request is a {@code PROTOCOL_ERROR}
 * (RFC 9113 §8.1.1). Other failures go on to the exchange. Stateless and sharable.
 */
@ChannelHandler.Sharable
final class StreamErrorReset extends ChannelInboundHandlerAdapter {

  /** The one instance. */
  static final StreamErrorReset INSTANCE = new StreamErrorReset();

  private static final Logger log = LoggerFactory.getLogger(StreamErrorReset.class);

  private StreamErrorReset() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Http2Exception error = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
    if (!(error instanceof Http2Exception.StreamException) || !open(ctx)) {
      // Not a stream error, or one about writes the closing of the stream failed: the stream
      // needs no (further) reset.
      ctx.fireExceptionCaught(cause);
      return;
    }
    log.debug("{} stream error: {}", ctx.channel(), error.getMessage());
    ctx.writeAndFlush(new DefaultHttp2ResetFrame(error.error()));
  }

  private static boolean open(ChannelHandlerContext ctx) {
    return ctx.channel().isActive()
        && ctx.channel() instanceof Http2StreamChannel stream
        && stream.stream().state() != Http2Stream.State.CLOSED;
  }
}
