package dev.sluice.echo;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Builds each connection's pipeline: HTTP/1.1 codec, one-message-per-read flow control, {@code
 * Expect: 100-continue} support, then the echo handler. Thread-safe (shared by the server).
 */
final class EchoInitializer extends ChannelInitializer<SocketChannel> {

  private final EchoOptions options;
  private final RetrySimulator retries;
  private final EchoObserver observer;

  EchoInitializer(EchoOptions options, RetrySimulator retries, EchoObserver observer) {
    this.options = options;
    this.retries = retries;
    this.observer = observer;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("flow", new FlowControlHandler())
        .addLast("continue", new HttpServerExpectContinueHandler())
        .addLast("echo", new EchoHandler(options, retries, observer));
  }
}
