package dev.sluice.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * An in-process HTTP/1.1 origin on an ephemeral loopback port that answers every request with 200
 * and the same fixed body, keeping connections alive. Thread-safe to start and close; its one event
 * loop serves all connections.
 */
final class FixedOrigin implements AutoCloseable {

  private final MultiThreadIoEventLoopGroup group;
  private final Channel server;

  private FixedOrigin(MultiThreadIoEventLoopGroup group, Channel server) {
    this.group = group;
    this.server = server;
  }

  /** Binds 127.0.0.1 on an ephemeral port; the body is {@code bodyBytes} letters 'a'. */
  static FixedOrigin start(int bodyBytes) throws InterruptedException {
    byte[] bytes = new byte[bodyBytes];
    Arrays.fill(bytes, (byte) 'a');
    // Unreleasable: every response shares it and the encoder's release is a no-op.
    ByteBuf body = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bodyBytes).writeBytes(bytes));
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new Responder(body));
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return new FixedOrigin(group, server);
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers at the end of each request. Confined to its channel's event loop. */
  private static final class Responder extends ChannelInboundHandlerAdapter {
    private final ByteBuf body;

    Responder(ByteBuf body) {
      this.body = body;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean last = msg instanceof LastHttpContent;
      ReferenceCountUtil.release(msg);
      if (last) {
        FullHttpResponse response =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.duplicate());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        ctx.writeAndFlush(response);
      }
    }
  }
}
