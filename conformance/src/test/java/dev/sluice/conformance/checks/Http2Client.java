package dev.sluice.conformance.checks;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An HTTP/2 client for the checks that need one: h2 over TLS (ALPN required) and cleartext h2c by
 * prior knowledge, one connection per request. Thread-safe; the event loop is shared and lives as
 * long as the JVM (a daemon thread).
 */
final class Http2Client {

  private static final EventLoopGroup GROUP =
      new MultiThreadIoEventLoopGroup(
          1,
          runnable -> {
            Thread thread = new Thread(runnable, "conformance-h2-client");
            thread.setDaemon(true);
            return thread;
          },
          NioIoHandler.newFactory());

  private Http2Client() {}

  static HttpResult send(String address, HttpCase c) throws IOException {
    Channel connection = connect(address, c);
    try {
      CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
      Http2StreamChannel stream =
          new Http2StreamChannelBootstrap(connection)
              .handler(
                  new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel ch) {
                      ch.pipeline()
                          .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                          .addLast(new HttpObjectAggregator(1 << 20))
                          .addLast(collector(response));
                    }
                  })
              .open()
              .get(Http1Client.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      stream.writeAndFlush(request(address, c));
      FullHttpResponse full = response.get(Http1Client.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      try {
        return result(full);
      } finally {
        full.release();
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("HTTP/2 request " + c + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      connection.close();
    }
  }

  private static Channel connect(String address, HttpCase c) throws IOException {
    try {
      Channel channel =
          new Bootstrap()
              .group(GROUP)
              .channel(NioSocketChannel.class)
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      if (c.tls) {
                        ch.pipeline()
                            .addLast(
                                tlsContext(c)
                                    .newHandler(ch.alloc(), c.sni.orElse(""), c.targetPort()));
                      }
                      ch.pipeline()
                          .addLast(Http2FrameCodecBuilder.forClient().build())
                          .addLast(
                              new Http2MultiplexHandler(
                                  new SimpleChannelInboundHandler<>() {
                                    @Override
                                    protected void channelRead0(
                                        ChannelHandlerContext ctx, Object msg) {
                                      // the server opens no streams
                                    }
                                  }));
                    }
                  })
              .connect(address, c.targetPort())
              .sync()
              .channel();
      if (c.tls) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        ssl.handshakeFuture().get(Http1Client.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!"h2".equals(ssl.applicationProtocol())) {
          channel.close();
          throw new IOException("the gateway did not negotiate h2 by ALPN");
        }
      }
      return channel;
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("connecting to " + address + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static SslContext tlsContext(HttpCase c) {
    try {
      SslContextBuilder builder =
          SslContextBuilder.forClient()
              .trustManager(c.trust.orElseThrow())
              .endpointIdentificationAlgorithm(null)
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      ApplicationProtocolNames.HTTP_2));
      c.clientCertificate.ifPresent(
          cert ->
              builder.keyManager(
                  cert.key(), cert.chain().toArray(java.security.cert.X509Certificate[]::new)));
      return builder.build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException("cannot build an h2 client context: " + e.getMessage(), e);
    }
  }

  private static DefaultFullHttpRequest request(String address, HttpCase c) {
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(c.method), c.path);
    request.headers().set("host", Http1Client.hostHeader(address, c));
    c.headers.forEach((name, value) -> request.headers().set(name, value));
    request.headers().set("x-echo-set-header", c.backendSetResponseHeaders);
    return request;
  }

  private static SimpleChannelInboundHandler<FullHttpResponse> collector(
      CompletableFuture<FullHttpResponse> response) {
    return new SimpleChannelInboundHandler<>(false) {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
        if (!response.complete(msg)) {
          msg.release();
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        response.completeExceptionally(cause);
        ctx.close();
      }
    };
  }

  private static HttpResult result(FullHttpResponse full) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    full.headers()
        .forEach(
            h ->
                headers
                    .computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.getValue()));
    return new HttpResult(
        full.status().code(), headers, full.content().toString(StandardCharsets.UTF_8));
  }
}
