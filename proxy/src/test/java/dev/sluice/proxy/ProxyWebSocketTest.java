package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Backend;
import dev.sluice.ir.BackendRef;
import dev.sluice.ir.UpstreamProtocol;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxyWebSocketTest extends ProxyTestBase {

  @Test
  void webSocketIsTunnelledBothWaysAndSurvivesAConfigChange() throws Exception {
    try (SmallServer origin =
        new SmallServer(
            ch ->
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(65536))
                    .addLast(new WebSocketServerProtocolHandler("/ws"))
                    .addLast(
                        new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                          @Override
                          protected void channelRead0(
                              ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                            ctx.writeAndFlush(new TextWebSocketFrame("echo: " + frame.text()));
                          }
                        }))) {
      int port = freePort();
      BackendRef ws =
          new BackendRef(
              new Backend.Service(
                  "default/ws",
                  List.of(origin.endpoint()),
                  UpstreamProtocol.WEBSOCKET,
                  Optional.empty()),
              1,
              List.of());
      var ir = gateway(listener(port, anyHost(route("ws", prefix("/ws"), List.of(), List.of(ws)))));
      apply(ir);
      LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
      WebSocket socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + port + "/ws"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(
                        WebSocket webSocket, CharSequence data, boolean last) {
                      received.add(data.toString());
                      webSocket.request(1);
                      return CompletableFuture.completedFuture(null);
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      socket.sendText("hello", true).get(5, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hello");
      // A route change must not break the tunnel.
      apply(gateway(listener(port, anyHost(route("ws2", prefix("/ws"), List.of(), List.of(ws))))));
      socket.sendText("again", true).get(5, TimeUnit.SECONDS);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: again");
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }
  }
}
