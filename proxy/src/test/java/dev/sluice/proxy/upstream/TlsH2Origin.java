package dev.sluice.proxy.upstream;

import dev.sluice.identity.IssuedCertificate;
import dev.sluice.identity.TlsContexts;
import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.testing.Tls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TLS origin for upstream tests. With ALPN {@code h2} it answers every HTTP/2 stream with {@code
 * h2 <method> <uri> via <alpn> sni <name>} and gRPC-style trailers; offering only {@code http/1.1}
 * (or no ALPN) it serves HTTP/1.1. Counts TCP connections and records the SNI of each handshake.
 */
public final class TlsH2Origin implements AutoCloseable {

  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> protocols = new CopyOnWriteArrayList<>();

  /**
   * @param cert the server certificate
   * @param alpn the protocols offered; {@code List.of("h2")} for an HTTP/2 backend
   */
  public TlsH2Origin(IssuedCertificate cert, List<String> alpn) {
    SslContext ssl = TlsContexts.server(Tls.termination(cert), alpn);
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.incrementAndGet();
                    SslHandler handler = ssl.newHandler(ch.alloc());
                    ch.pipeline().addLast(handler);
                    handler
                        .handshakeFuture()
                        .addListener(
                            f -> {
                              if (f.isSuccess()) {
                                protocols.add(String.valueOf(handler.applicationProtocol()));
                              }
                            });
                    if (alpn.contains("h2")) {
                      ch.pipeline()
                          .addLast(Http2FrameCodecBuilder.forServer().build())
                          .addLast(new Http2MultiplexHandler(streams(handler)));
                    } else {
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(1 << 16))
                          .addLast(new Answer("h1", handler));
                    }
                  }
                })
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
  }

  private static ChannelInitializer<Http2StreamChannel> streams(SslHandler tls) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline()
            .addLast(new Http2StreamFrameToHttpObjectCodec(true))
            .addLast(new HttpObjectAggregator(1 << 20))
            .addLast(new Answer("h2", tls));
      }
    };
  }

  /** Answers one aggregated request. */
  private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String version;
    private final SslHandler tls;

    Answer(String version, SslHandler tls) {
      this.version = version;
      this.tls = tls;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String text =
          version
              + " "
              + req.method()
              + " "
              + req.uri()
              + " via "
              + tls.applicationProtocol()
              + " body "
              + req.content().toString(StandardCharsets.UTF_8);
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      response.headers().set("content-length", response.content().readableBytes());
      response.trailingHeaders().set("grpc-status", "0");
      ctx.writeAndFlush(response);
    }
  }

  public Endpoint endpoint() {
    return new Endpoint("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
  }

  /** TCP connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** The ALPN protocol of every completed handshake ({@code "null"} when none was selected). */
  public List<String> protocols() {
    return protocols;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
