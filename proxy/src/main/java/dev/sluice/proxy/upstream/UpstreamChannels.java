package dev.sluice.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

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
   * With TLS, the error to fail an HTTP/2 connection with when the handshake did not select ALPN
   * {@code h2}: a backend that chose HTTP/1.1, or no protocol at all, would read the HTTP/2 preface
   * as a malformed request. Empty for cleartext (h2c by prior knowledge) and for {@code h2}.
   */
  static Optional<SSLHandshakeException> requireH2(Channel ch, UpstreamTarget target) {
    SslHandler ssl = ch.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return Optional.empty();
    }
    String selected = ssl.applicationProtocol();
    if (ApplicationProtocolNames.HTTP_2.equals(selected)) {
      return Optional.empty();
    }
    return Optional.of(
        new SSLHandshakeException(
            "backend "
                + target.tls().map(t -> t.serverName()).orElse("?")
                + " did not negotiate ALPN h2 (selected: "
                + (selected == null ? "none" : selected)
                + "; expected: h2)"));
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
