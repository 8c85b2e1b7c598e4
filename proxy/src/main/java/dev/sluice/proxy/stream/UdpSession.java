package dev.sluice.proxy.stream;

import dev.sluice.ir.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's UDP session: an upstream datagram channel connected to the backend chosen when the
 * session started. Payloads from the client go to the backend, datagrams from the backend go back
 * to the client through the listener. Event-loop confined (the listener's loop).
 *
 * <p>UDP has no backpressure, so a datagram that cannot be written without exceeding the high-water
 * mark of the channel it would go out on is dropped (released), as a full socket buffer would.
 */
final class UdpSession extends ChannelInboundHandlerAdapter {

  /** Datagrams kept while the upstream channel is being connected; later ones are dropped. */
  private static final int MAX_EARLY = 64;

  private static final Logger log = LoggerFactory.getLogger(UdpSession.class);

  private final Channel listener;
  private final InetSocketAddress client;
  private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
  private Channel upstream;
  private boolean connected;

  private UdpSession(Channel listener, InetSocketAddress client) {
    this.listener = listener;
    this.client = client;
  }

  /** Starts a session for {@code client} towards {@code endpoint} on the listener's event loop. */
  static UdpSession open(
      Bootstrap template,
      Channel listener,
      InetSocketAddress client,
      Endpoint endpoint,
      Duration idleTimeout) {
    UdpSession session = new UdpSession(listener, client);
    ChannelFuture connect =
        template
            .clone(listener.eventLoop())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    long idle = idleTimeout.toNanos();
                    ch.pipeline()
                        .addLast(new IdleStateHandler(0, 0, idle, TimeUnit.NANOSECONDS), session);
                  }
                })
            .connect(InetSocketAddress.createUnresolved(endpoint.address(), endpoint.port()));
    session.upstream = connect.channel();
    connect.addListener((ChannelFuture f) -> session.connected(f, endpoint));
    log.debug("UDP session {} -> {}", client, endpoint);
    return session;
  }

  private void connected(ChannelFuture future, Endpoint endpoint) {
    if (!future.isSuccess()) {
      log.debug("UDP session {} -> {} failed", client, endpoint, future.cause());
      releaseEarly();
      close();
      return;
    }
    connected = true;
    while (!early.isEmpty()) {
      upstream.write(early.poll(), upstream.voidPromise());
    }
    upstream.flush();
  }

  /** Sends a client's payload to the backend; takes ownership. */
  void send(ByteBuf payload) {
    if (connected && upstream.isWritable()) {
      upstream.writeAndFlush(payload, upstream.voidPromise());
    } else if (!connected && upstream.isOpen() && early.size() < MAX_EARLY) {
      early.add(payload);
    } else {
      payload.release();
    }
  }

  ChannelFuture closeFuture() {
    return upstream.closeFuture();
  }

  void close() {
    upstream.close();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf payload = msg instanceof DatagramPacket packet ? packet.content() : (ByteBuf) msg;
    if (listener.isWritable()) {
      listener.write(new DatagramPacket(payload, client), listener.voidPromise());
    } else {
      payload.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    listener.flush();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.debug("UDP session {} idle; closing", client);
      ctx.close();
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseEarly();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("UDP session {}: {}; closing", client, cause.toString());
    ctx.close();
  }

  private void releaseEarly() {
    while (!early.isEmpty()) {
      early.poll().release();
    }
  }
}
