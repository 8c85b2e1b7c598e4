package dev.sluice.echo;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;

/**
 * Builds each cleartext connection's pipeline: HTTP/2 with prior knowledge or after {@code Upgrade:
 * h2c}, else HTTP/1.1 with {@code Expect: 100-continue} support and the echo handler. Thread-safe
 * (shared by the server).
 */
final class EchoInitializer extends ChannelInitializer<SocketChannel> {

  /** Set on connections of the strict h2c port, where plain HTTP/1.1 requests are refused. */
  static final AttributeKey<Boolean> H2C_ONLY = AttributeKey.valueOf("sluice.echo.h2cOnly");

  /** The largest body an {@code Upgrade: h2c} request may carry (it is buffered whole). */
  private static final int MAX_UPGRADE_BODY = 64 * 1024;

  private final EchoRoutes routes;
  private final boolean h2cOnly;

  EchoInitializer(EchoRoutes routes, boolean h2cOnly) {
    this.routes = routes;
    this.h2cOnly = h2cOnly;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    if (h2cOnly) {
      channel.attr(H2C_ONLY).set(Boolean.TRUE);
    }
    HttpServerCodec codec = new HttpServerCodec();
    HttpServerUpgradeHandler upgrade =
        new HttpServerUpgradeHandler(codec, this::upgradeCodec, MAX_UPGRADE_BODY);
    channel
        .pipeline()
        .addLast(
            "h2c",
            new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new Http2Handlers.Setup(routes)))
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("echo", new EchoHandler(routes));
  }

  private HttpServerUpgradeHandler.UpgradeCodec upgradeCodec(CharSequence protocol) {
    if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
      return null; // for example websocket: the request goes on to the echo handler
    }
    return new Http2ServerUpgradeCodec(
        Http2Handlers.frameCodec(),
        Http2Handlers.multiplexer(routes),
        new Http2Handlers.Retirement());
  }
}
