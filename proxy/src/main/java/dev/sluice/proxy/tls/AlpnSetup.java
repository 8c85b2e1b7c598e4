package dev.sluice.proxy.tls;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.Http1Pipeline;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.http2.Http2ServerPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake of an HTTPS connection: installs HTTP/2 when ALPN chose {@code h2}, else
 * HTTP/1.1. Event-loop confined; removes itself.
 */
final class AlpnSetup extends ApplicationProtocolNegotiationHandler {

  private static final Logger log = LoggerFactory.getLogger(AlpnSetup.class);

  private final ListenerContext listener;
  private final ConnectionInfo info;

  AlpnSetup(ListenerContext listener, ConnectionInfo info) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.listener = listener;
    this.info = info;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      Http2ServerPipeline.install(ctx.pipeline(), listener, info);
    } else {
      Http1Pipeline.install(ctx.pipeline(), listener, info);
    }
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
