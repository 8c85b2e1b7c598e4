package dev.sluice.echo;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A cleartext HTTP/2 client with prior knowledge (no upgrade), on Netty, for tests. */
final class PriorKnowledgeClient implements AutoCloseable {

  /** A response: its HEADERS frames (headers, then trailers if any) and the body. */
  record Response(List<Http2Headers> headers, byte[] body) {
    String status() {
      return String.valueOf(headers.get(0).status());
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;

  PriorKnowledgeClient(InetSocketAddress address) throws InterruptedException {
    channel =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(Http2FrameCodecBuilder.forClient().build())
                        .addLast(new Http2MultiplexHandler(new NoPush()));
                  }
                })
            .connect(address)
            .sync()
            .channel();
  }

  /** Sends a request with {@code headers} and optionally a body, and waits for the response. */
  Response send(Http2Headers headers, byte[] body) throws Exception {
    CompletableFuture<Response> result = new CompletableFuture<>();
    Http2StreamChannel stream =
        new Http2StreamChannelBootstrap(channel).handler(new Collector(result)).open().sync().get();
    boolean hasBody = body.length > 0;
    stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, !hasBody)).sync();
    if (hasBody) {
      stream
          .writeAndFlush(new DefaultHttp2DataFrame(stream.alloc().buffer().writeBytes(body), true))
          .sync();
    }
    return result.get(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @ChannelHandler.Sharable
  private static final class NoPush extends ChannelInboundHandlerAdapter {}

  private static final class Collector extends SimpleChannelInboundHandler<Http2StreamFrame> {
    private final CompletableFuture<Response> result;
    private final List<Http2Headers> headers = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Collector(CompletableFuture<Response> result) {
      this.result = result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
      boolean end = false;
      if (frame instanceof Http2HeadersFrame h) {
        headers.add(h.headers());
        end = h.isEndStream();
      } else if (frame instanceof Http2DataFrame data) {
        byte[] bytes = new byte[data.content().readableBytes()];
        data.content().readBytes(bytes);
        body.writeBytes(bytes);
        end = data.isEndStream();
      }
      if (end) {
        result.complete(new Response(List.copyOf(headers), body.toByteArray()));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(new IllegalStateException("stream closed before its end"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      result.completeExceptionally(cause);
    }
  }
}
