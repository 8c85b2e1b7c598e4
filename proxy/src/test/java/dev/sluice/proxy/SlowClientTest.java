package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.freePort;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.listener;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static dev.sluice.proxy.testing.Ir.toEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.SmallServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Class E of reliability-security.md §4 (E1 slowloris, E4 connection floods and the size limits are
 * in {@code ClientLimitsTest}): a client that never reads must not make the proxy buffer the
 * response.
 */
class SlowClientTest extends ProxyTestBase {

  private static final long SIZE = 64L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;
  private final int port = freePort();
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean blocked = new AtomicBoolean();
  private SmallServer origin;

  @BeforeEach
  void bigOrigin() {
    origin =
        new SmallServer(
            ch ->
                ch.pipeline()
                    .addLast(
                        new ChannelInboundHandlerAdapter() {
                          private boolean started;

                          @Override
                          public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ReferenceCountUtil.release(msg);
                            if (!started) {
                              started = true;
                              String head =
                                  "HTTP/1.1 200 OK\r\nContent-Length: " + SIZE + "\r\n\r\n";
                              ctx.write(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
                              pump(ctx);
                            }
                          }

                          @Override
                          public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                            if (started && ctx.channel().isWritable()) {
                              pump(ctx);
                            }
                          }

                          private void pump(ChannelHandlerContext ctx) {
                            while (written.get() < SIZE && ctx.channel().isWritable()) {
                              ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[CHUNK]));
                              written.addAndGet(CHUNK);
                            }
                            blocked.set(written.get() < SIZE);
                          }
                        }));
    apply(
        gateway(
            listener(
                port,
                anyHost(
                    route("ok", prefix("/ok"), List.of(), List.of(to(a))),
                    route(
                        "big", prefix("/"), List.of(), List.of(toEndpoint(origin.endpoint())))))));
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  @Test
  void e3_clientThatNeverReadsStallsTheBackendInsteadOfFillingMemory() throws IOException {
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(8 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      RawHttp http = new RawHttp(socket);
      http.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
      Eventually.await(Duration.ofSeconds(10), blocked::get, "the backend to be pushed back");
      long whileStalled = written.get();
      assertThat(whileStalled).as("bytes the backend could send").isLessThan(SIZE / 4);
      assertThat(get(port, "x", "/ok").body())
          .as("other clients are served meanwhile")
          .isEqualTo("a GET /ok");
      RawHttp.Digested all = http.readDigested();
      assertThat(all.length()).isEqualTo(SIZE);
    }
  }
}
