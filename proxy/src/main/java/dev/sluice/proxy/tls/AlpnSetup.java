package dev.sluice.proxy.tls;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.Http1Pipeline;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.http2.Http2ServerPipeline;
import dev.sluice.proxy.transport.LingeringClose;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake of an HTTPS connection: installs HTTP/2 when ALPN chose {@code h2}, else
 * HTTP/1.1, and for either the lingering close first in the pipeline, below TLS (its {@code FIN}
 * follows the {@code close_notify}). It stays if the connection becomes a tunnel (WebSocket): when
 * the backend ends the tunnel, what the client still sends is dropped rather than answered with a
 * reset that could cost the client the backend's last bytes. Event-loop confined; removes itself.
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
    ctx.pipeline().addFirst(new LingeringClose());
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
