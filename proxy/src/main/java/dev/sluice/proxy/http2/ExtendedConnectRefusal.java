package dev.sluice.proxy.http2;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits first in a client stream's pipeline and refuses extended CONNECT (RFC 8441): a request with
 * a {@code :protocol} pseudo-header is malformed unless the server advertised {@code
 * SETTINGS_ENABLE_CONNECT_PROTOCOL}, which Sluice never does (§4 H6, RFC 8441 §4). Netty's codec
 * accepts {@code :protocol} whatever the settings, and its HTTP/1 conversion would turn the request
 * into an ordinary {@code CONNECT}; here it is answered with {@code RST_STREAM(PROTOCOL_ERROR)}
 * before anything reaches the exchange. Stateless and sharable.
 */
@ChannelHandler.Sharable
final class ExtendedConnectRefusal extends ChannelInboundHandlerAdapter {

  /** The one instance. */
  static final ExtendedConnectRefusal INSTANCE = new ExtendedConnectRefusal();

  private static final Logger log = LoggerFactory.getLogger(ExtendedConnectRefusal.class);

  private ExtendedConnectRefusal() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame headers
        && headers.headers().contains(Http2Headers.PseudoHeaderName.PROTOCOL.value())) {
      ReferenceCountUtil.release(msg);
      log.debug("{} extended CONNECT without SETTINGS_ENABLE_CONNECT_PROTOCOL", ctx.channel());
      // The reset closes the stream channel: frames still in flight are released by Netty.
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
