package dev.sluice.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/** Helpers for new upstream channels: TLS handlers and readiness. Stateless. */
final class UpstreamChannels {

  /** The pool key of an HTTP/1.1 connection. */
  static final AttributeKey<UpstreamTarget.Key> KEY = AttributeKey.valueOf("sluice.upstream.key");

  private UpstreamChannels() {}

  /** Adds the client {@link SslHandler} (SNI and name checks from the target) first, if TLS. */
  static void addTls(Channel ch, UpstreamTarget target) {
    target
        .sslContext()
        .ifPresent(
            ssl ->
                ch.pipeline()
                    .addFirst(
                        ssl.newHandler(
                            ch.alloc(),
                            target.tls().orElseThrow().serverName(),
                            target.endpoint().port())));
  }

  /**
   * Completes {@code ready} with the channel once it is connected and, with TLS, the handshake
   * succeeded; fails it with the connect or handshake error otherwise.
   */
  static void whenReady(ChannelFuture connect, Promise<Channel> ready) {
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            ready.tryFailure(f.cause());
            return;
          }
          SslHandler ssl = f.channel().pipeline().get(SslHandler.class);
          if (ssl == null) {
            ready.trySuccess(f.channel());
            return;
          }
          // The handshake needs reads, and auto-read may be off; SslHandler keeps reading
          // until the handshake is done.
          f.channel().read();
          ssl.handshakeFuture()
              .addListener(
                  (Future<Channel> h) -> {
                    if (h.isSuccess()) {
                      ready.trySuccess(f.channel());
                    } else {
                      f.channel().close();
                      ready.tryFailure(h.cause());
                    }
                  });
        });
  }
}
