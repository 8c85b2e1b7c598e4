package dev.sluice.echo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;

/**
 * Reads the server name (SNI) from the ClientHello, records it on the channel, then hands the
 * connection to an {@link io.netty.handler.ssl.SslHandler} of the one context. Recording it here
 * keeps the reported {@code serverName} independent of what the TLS provider exposes.
 *
 * <p>Event-loop confined; one instance per connection.
 */
final class SniCapture extends SniHandler {

  /** The SNI host name the client sent; unset when it sent none. */
  static final AttributeKey<String> SERVER_NAME = AttributeKey.valueOf("sluice.echo.sni");

  SniCapture(SslContext context) {
    super(hostname -> context);
  }

  @Override
  protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext context)
      throws Exception {
    if (hostname != null) {
      ctx.channel().attr(SERVER_NAME).set(hostname);
    }
    super.replaceHandler(ctx, hostname, context);
  }
}
