package dev.sluice.echo;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * Builds each TCP echo connection's pipeline: optional TLS (recording the SNI), a line splitter
 * (lines up to 64 KiB, like Go's default scanner) and the {@link TcpEchoHandler}. Thread-safe
 * (shared by its listener).
 */
final class TcpEchoInitializer extends ChannelInitializer<SocketChannel> {

  private static final int MAX_LINE = 64 * 1024;

  private final TcpReport report;
  private final Optional<SslContext> tls;

  TcpEchoInitializer(TcpReport report, Optional<SslContext> tls) {
    this.report = report;
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    tls.ifPresent(context -> channel.pipeline().addLast("sni", new SniCapture(context)));
    channel
        .pipeline()
        .addLast("lines", new LineBasedFrameDecoder(MAX_LINE))
        .addLast("tcp-echo", new TcpEchoHandler(report, tls.isPresent()));
  }
}
