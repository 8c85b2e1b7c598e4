package dev.sluice.proxy.http1;

import dev.sluice.proxy.transport.Tunnel;
import dev.sluice.proxy.upstream.Http1ClientCodec;
import dev.sluice.proxy.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpVersion;

/**
 * WebSocket upgrades: recognises the handshake request, and on the backend's {@code 101 Switching
 * Protocols} relays the 101 to the client, removes the HTTP codecs on both connections and splices
 * them into a raw byte {@link Tunnel}, closed on both sides after {@code tunnelIdleTimeout} of
 * silence or when either side closes (a half-close ends the tunnel: HTTP listeners do not allow
 * half-closed sockets). The upstream connection is dedicated and never pooled. Stateless.
 */
final class ProtocolSwitch {

  private ProtocolSwitch() {}

  /** An HTTP/1.1 GET asking {@code Upgrade: websocket}. */
  static boolean isWebSocketUpgrade(HttpRequest request) {
    return HttpMethod.GET.equals(request.method())
        && request.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && request
            .headers()
            .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && request
            .headers()
            .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  /** Sends the 101 to the client, then hands both connections to the tunnel. */
  static void complete(Exchange exchange, UpstreamConnection upstream, HttpResponse switching) {
    ProxyHeaders.prepareSwitch(switching);
    FullHttpResponse head =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            switching.status(),
            io.netty.buffer.Unpooled.EMPTY_BUFFER,
            switching.headers(),
            io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    Channel downstream = exchange.downstream;
    upstream.detach();
    downstream
        .writeAndFlush(head)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                upstream.channel().close();
                exchange.abort();
                return;
              }
              stripDownstream(downstream.pipeline());
              stripUpstream(upstream.channel().pipeline());
              exchange.tunnelled();
              TunnelIdleTimeout.install(
                  downstream, upstream.channel(), exchange.listener.limits().tunnelIdleTimeout());
              Tunnel.splice(downstream, upstream.channel());
            });
  }

  private static void stripDownstream(ChannelPipeline pipeline) {
    removeIfPresent(pipeline, Http1Deadlines.BytesWatch.class);
    removeIfPresent(pipeline, Http1Deadlines.HeadWatch.class);
    removeIfPresent(pipeline, HttpServerUpgradeHandler.class);
    removeIfPresent(pipeline, HttpServerKeepAliveHandler.class);
    removeIfPresent(pipeline, Http1ConnectionBudget.class);
    removeIfPresent(pipeline, DownstreamHandler.class);
    // Removed last: bytes the client sent after the handshake flow on to the tunnel.
    removeIfPresent(pipeline, HttpServerCodec.class);
  }

  private static void stripUpstream(ChannelPipeline pipeline) {
    UpstreamConnection.removeHandler(pipeline);
    removeIfPresent(pipeline, Http1ClientCodec.class);
  }

  private static void removeIfPresent(
      ChannelPipeline pipeline, Class<? extends io.netty.channel.ChannelHandler> type) {
    if (pipeline.get(type) != null) {
      pipeline.remove(type);
    }
  }
}
