package dev.sluice.echo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;

/**
 * The TCP echo protocol of echo-basic's TCP mode on one connection: a welcome line once the
 * connection (and its TLS handshake, if any) is up, then one answer per command line: {@code PING}
 * → {@code PONG}, {@code IS_TLS} → {@code true}/{@code false}, {@code TEST} → one JSON line
 * describing the pod and the connection. Other lines get no answer. Lines arrive split by a {@link
 * io.netty.handler.codec.LineBasedFrameDecoder}.
 *
 * <p>Event-loop confined; one instance per connection.
 */
final class TcpEchoHandler extends SimpleChannelInboundHandler<ByteBuf> {

  static final String WELCOME = "Gateway API Test TCP Server\n";

  private final TcpReport report;
  private final boolean tls;
  private String test = "";

  TcpEchoHandler(TcpReport report, boolean tls) {
    this.report = report;
    this.tls = tls;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!tls) {
      welcome(ctx);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        welcome(ctx);
      } else {
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
    String command = line.toString(StandardCharsets.UTF_8);
    if (command.endsWith("\r")) {
      command = command.substring(0, command.length() - 1);
    }
    switch (command) {
      case "TEST" -> send(ctx, test + "\n");
      case "IS_TLS" -> send(ctx, tls + "\n");
      case "PING" -> send(ctx, "PONG\n");
      default -> {
        // echo-basic ignores unknown commands
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // an over-long line, a reset, a TLS failure: the connection is done
  }

  private void welcome(ChannelHandlerContext ctx) {
    test = report.render(TlsFacts.of(ctx.channel()));
    send(ctx, WELCOME);
  }

  private static void send(ChannelHandlerContext ctx, String text) {
    ctx.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }
}
