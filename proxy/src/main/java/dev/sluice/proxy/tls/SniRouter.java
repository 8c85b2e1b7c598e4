package dev.sluice.proxy.tls;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.snapshot.TlsVirtualHost;
import dev.sluice.proxy.stream.StreamProxy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a TLS connection: reads the ClientHello (at most {@code
 * maxClientHelloBytes}, within {@code tlsHandshakeTimeout}; the handshake itself gets the same
 * deadline again), picks the virtual host by SNI from the current snapshot, and hands the
 * connection on by the virtual host's type: HTTPS → TLS termination then HTTP/1.1 or HTTP/2 by
 * ALPN; TLS_TERMINATE → TLS termination then a stream route; TLS_PASSTHROUGH → the untouched bytes,
 * ClientHello included, to a stream route. A ClientHello without SNI gets the virtual host without
 * hostname; no matching virtual host, or bytes that are not a TLS ClientHello, close the
 * connection. Event-loop confined; one per connection.
 */
final class SniRouter extends AbstractSniHandler<TlsVirtualHost> {

  private static final Logger log = LoggerFactory.getLogger(SniRouter.class);

  private final ListenerContext listener;
  private final StreamProxy streams;

  SniRouter(ListenerContext listener, StreamProxy streams) {
    super(
        listener.limits().maxClientHelloBytes(),
        listener.limits().tlsHandshakeTimeout().toMillis());
    this.listener = listener;
    this.streams = streams;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    super.channelActive(ctx);
    ctx.read();
  }

  /**
   * Netty's ClientHello parser also calls this without a ClientHello: for bytes that are not a TLS
   * handshake record (plain HTTP, garbage, SSLv2), a handshake message other than ClientHello, or
   * one it cannot parse. Those connections are closed here, never given to the virtual host without
   * hostname (which for passthrough would forward them to a backend).
   */
  @Override
  protected Future<TlsVirtualHost> lookup(ChannelHandlerContext ctx, ByteBuf clientHello)
      throws Exception {
    if (clientHello == null) {
      return ctx.executor()
          .newFailedFuture(
              new NotSslRecordException("not a TLS ClientHello on " + listener.name()));
    }
    return super.lookup(ctx, clientHello);
  }

  @Override
  protected Future<TlsVirtualHost> lookup(ChannelHandlerContext ctx, String hostname) {
    Optional<TlsVirtualHost> vh =
        listener
            .snapshots()
            .get()
            .sni(listener.name())
            .flatMap(t -> t.select(Optional.ofNullable(hostname)));
    return vh.isPresent()
        ? ctx.executor().newSucceededFuture(vh.get())
        : ctx.executor()
            .newFailedFuture(
                new IllegalStateException(
                    "no virtual host on "
                        + listener.name()
                        + " for SNI "
                        + (hostname == null ? "(none)" : hostname)));
  }

  @Override
  protected void onLookupComplete(
      ChannelHandlerContext ctx, String hostname, Future<TlsVirtualHost> future) {
    if (!future.isSuccess()) {
      log.debug("{}: {}", ctx.channel().remoteAddress(), future.cause().getMessage());
      ctx.close();
      return;
    }
    TlsVirtualHost vh = future.getNow();
    Optional<String> sni = Optional.ofNullable(hostname);
    switch (vh.type()) {
      case HTTPS -> {
        ConnectionInfo info = ConnectionInfo.tls(sni, vh.hostname());
        ctx.pipeline().addAfter(ctx.name(), null, new AlpnSetup(listener, info));
        terminate(ctx, vh.sslContext().orElseThrow());
      }
      case TLS_TERMINATE -> {
        ctx.pipeline().addAfter(ctx.name(), null, new StreamHandoff(streams, vh, sni, true));
        terminate(ctx, vh.sslContext().orElseThrow());
      }
      case TLS_PASSTHROUGH -> {
        ctx.pipeline().addAfter(ctx.name(), null, new StreamHandoff(streams, vh, sni, false));
        // Removing this decoder passes the buffered ClientHello on to the handoff.
        ctx.pipeline().remove(this);
      }
      default -> {
        log.warn("{}: virtual host type {} on a TLS listener", listener.name(), vh.type());
        ctx.close();
      }
    }
  }

  private void terminate(ChannelHandlerContext ctx, SslContext ssl) {
    SslHandler handler = ssl.newHandler(ctx.alloc());
    handler.setHandshakeTimeoutMillis(listener.limits().tlsHandshakeTimeout().toMillis());
    // Replacing this decoder passes the buffered ClientHello on to the SslHandler.
    ctx.pipeline().replace(this, "tls", handler);
  }
}
