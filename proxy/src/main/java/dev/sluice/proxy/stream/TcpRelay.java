package dev.sluice.proxy.stream;

import dev.sluice.ir.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied TCP connection: a downstream channel, the upstream channel it was connected to, and
 * the state of the two directions. Event-loop confined: the upstream is created on the downstream's
 * event loop, so every method runs on that one thread and the fields need no synchronisation.
 *
 * <p>Each direction ends on its own: a FIN read from one side becomes {@code shutdownOutput} on the
 * other once everything before it was written; when both directions have ended, both channels are
 * closed. Errors close both sides with a reset ({@code SO_LINGER 0}). With TLS towards the backend,
 * the relay starts once the handshake is done; a failed handshake resets both sides.
 */
final class TcpRelay {

  private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);

  private final Channel downstream;
  private final ArrayDeque<Object> early = new ArrayDeque<>();
  private final ArrayDeque<Object> earlyFromUpstream = new ArrayDeque<>();
  private Channel upstream;
  private boolean established;
  private boolean closed;
  private int directionsEnded;

  private TcpRelay(Channel downstream) {
    this.downstream = downstream;
  }

  /**
   * TLS towards the backend (re-encryption).
   *
   * @param context the client context (trust, name checks, client certificate)
   * @param serverName the SNI to send and the name to verify
   */
  record Tls(SslContext context, String serverName) {}

  /**
   * Connects to {@code endpoint}, with TLS when {@code tls} is present, and relays between it and
   * {@code downstream}; must run on the downstream's event loop. Takes ownership of {@code
   * initial}, which is written upstream first (inside TLS, once the handshake is done).
   *
   * @param template the upstream bootstrap without group and handler
   */
  static void open(
      Bootstrap template,
      Channel downstream,
      ByteBuf initial,
      Endpoint endpoint,
      Optional<Tls> tls) {
    TcpRelay relay = new TcpRelay(downstream);
    ChannelFuture connect =
        template
            .clone(downstream.eventLoop())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    tls.ifPresent(
                        t ->
                            ch.pipeline()
                                .addLast(
                                    t.context()
                                        .newHandler(ch.alloc(), t.serverName(), endpoint.port())));
                    ch.pipeline().addLast(new RelayHandler(relay, downstream));
                  }
                })
            .connect(InetSocketAddress.createUnresolved(endpoint.address(), endpoint.port()));
    relay.upstream = connect.channel();
    downstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    downstream.config().setAutoRead(false);
    downstream.pipeline().addLast(new RelayHandler(relay, relay.upstream));
    connect.addListener((ChannelFuture f) -> relay.connected(f, initial, endpoint));
  }

  private void connected(ChannelFuture future, ByteBuf initial, Endpoint endpoint) {
    if (!future.isSuccess() || closed) {
      initial.release();
      log.debug("connect to {} failed", endpoint, future.cause());
      closeBoth(true);
      return;
    }
    SslHandler ssl = upstream.pipeline().get(SslHandler.class);
    if (ssl == null) {
      established(initial, endpoint);
      return;
    }
    // Auto-read is off: the handshake needs a first read; SslHandler reads on until it is done.
    upstream.read();
    ssl.handshakeFuture()
        .addListener(
            h -> {
              if (h.isSuccess() && !closed) {
                established(initial, endpoint);
              } else {
                initial.release();
                log.debug("TLS handshake with {} failed", endpoint, h.cause());
                closeBoth(true);
              }
            });
  }

  private void established(ByteBuf initial, Endpoint endpoint) {
    established = true;
    log.debug("relaying {} <-> {}", downstream.remoteAddress(), endpoint);
    upstream.write(initial, upstream.voidPromise());
    while (!early.isEmpty()) {
      upstream.write(early.poll(), upstream.voidPromise());
    }
    upstream.flush();
    while (!earlyFromUpstream.isEmpty()) {
      downstream.write(earlyFromUpstream.poll(), downstream.voidPromise());
    }
    downstream.flush();
    read(upstream);
    if (inputShutdown(downstream)) {
      inputEnded(upstream);
    } else {
      downstream.read();
    }
  }

  /** A message read from the side whose peer is {@code target}; takes ownership. */
  void relay(Object msg, Channel target) {
    if (established) {
      target.write(msg, target.voidPromise());
    } else if (closed) {
      ReferenceCountUtil.release(msg);
    } else if (target == downstream) {
      // With TLS, the backend's first bytes may arrive with the end of the handshake.
      earlyFromUpstream.add(msg);
    } else {
      // The downstream can be read before the upstream is ready (a read its previous owner
      // requested); keep it until it can follow the initial bytes.
      early.add(msg);
    }
  }

  /** A read from the side whose peer is {@code target} completed: flush, read on if it keeps up. */
  void readComplete(Channel source, Channel target) {
    if (!established) {
      return;
    }
    target.flush();
    if (target.isWritable()) {
      read(source);
    }
  }

  /** {@code channel}'s writability changed: its peer may read again. */
  void writabilityChanged(Channel channel, Channel peer) {
    if (established && !closed && channel.isWritable()) {
      read(peer);
    }
  }

  /**
   * Asks {@code channel} for more bytes unless its input has ended: native epoll (Netty 4.2) fails
   * a read request on a socket whose input was shut down ({@code epoll_ctl} ENOENT).
   */
  private static void read(Channel channel) {
    if (!inputShutdown(channel)) {
      channel.read();
    }
  }

  private static boolean inputShutdown(Channel channel) {
    return channel instanceof DuplexChannel duplex && duplex.isInputShutdown();
  }

  /** The side whose peer is {@code target} sent a FIN: end that direction after pending writes. */
  void inputEnded(Channel target) {
    if (!established || closed) {
      return; // before the connect, the connect handler checks for it; after close, nothing to do
    }
    if (!(target instanceof DuplexChannel duplex)) {
      closeBoth(false);
      return;
    }
    target
        .writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            (ChannelFuture written) -> {
              // A failed write already reported its error through the void promise.
              if (written.isSuccess()) {
                duplex.shutdownOutput().addListener(f -> directionEnded());
              }
            });
  }

  private void directionEnded() {
    if (++directionsEnded == 2) {
      log.debug("both directions of {} ended", downstream.remoteAddress());
      closeBoth(false);
    }
  }

  /** {@code channel} closed (peer reset or full close): close the other after pending writes. */
  void inactive(Channel channel) {
    if (closed) {
      return;
    }
    closed = true;
    releaseEarly();
    Channel other = channel == downstream ? upstream : downstream;
    if (other != null) {
      other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** An error on either side: reset both. */
  void fail(Channel channel, Throwable cause) {
    if (!closed) {
      log.debug("relay error on {}", channel, cause);
    }
    closeBoth(true);
  }

  private void closeBoth(boolean reset) {
    closed = true;
    releaseEarly();
    close(downstream, reset);
    if (upstream != null) {
      close(upstream, reset);
    }
  }

  private void releaseEarly() {
    while (!early.isEmpty()) {
      ReferenceCountUtil.release(early.poll());
    }
    while (!earlyFromUpstream.isEmpty()) {
      ReferenceCountUtil.release(earlyFromUpstream.poll());
    }
  }

  /** Closes {@code channel}, with a TCP reset when {@code reset} (SO_LINGER 0). */
  static void close(Channel channel, boolean reset) {
    if (reset && channel.isActive()) {
      try {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
      } catch (ChannelException e) {
        log.debug("cannot set SO_LINGER on {}; closing normally", channel, e);
      }
    }
    channel.close();
  }
}
