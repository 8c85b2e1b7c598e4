package dev.sluice.proxy.stream;

import dev.sluice.identity.CertificateAuthority;
import dev.sluice.identity.IssuedCertificate;
import dev.sluice.identity.TlsContexts;
import dev.sluice.ir.ClientValidation;
import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.testing.Tls;
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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A TLS echo origin for re-encryption tests: after the handshake it greets with {@code tls
 * sni=<name> client=<subject or none>\n}, then echoes every byte. Records the greeting of every
 * completed handshake.
 */
final class TlsEchoOrigin implements AutoCloseable {

  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final List<String> handshakes = new CopyOnWriteArrayList<>();

  /** An origin serving {@code cert}; requires a client certificate from {@code clientCa}. */
  TlsEchoOrigin(IssuedCertificate cert, Optional<CertificateAuthority> clientCa) {
    SslContext ssl =
        TlsContexts.server(
            clientCa
                .map(ca -> Tls.termination(cert, ca, ClientValidation.Mode.ALLOW_VALID_ONLY))
                .orElseGet(() -> Tls.termination(cert)),
            List.of());
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc())).addLast(new Echo());
                  }
                })
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
  }

  private final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
        SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
        String greeting = "tls sni=" + sni(session) + " client=" + client(session) + "\n";
        handshakes.add(greeting.strip());
        ctx.writeAndFlush(Unpooled.copiedBuffer(greeting, StandardCharsets.US_ASCII));
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush((ByteBuf) msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static String sni(SSLSession session) {
    if (session instanceof ExtendedSSLSession extended) {
      return extended.getRequestedServerNames().stream()
          .filter(n -> n instanceof SNIHostName)
          .map(n -> ((SNIHostName) n).getAsciiName())
          .findFirst()
          .orElse("none");
    }
    return "unknown";
  }

  private static String client(SSLSession session) {
    try {
      return ((X509Certificate) session.getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    } catch (SSLPeerUnverifiedException e) {
      return "none";
    }
  }

  Endpoint endpoint() {
    return new Endpoint("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
  }

  List<String> handshakes() {
    return handshakes;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
