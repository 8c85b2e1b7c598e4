package dev.sluice.proxy.stream;

import dev.sluice.ir.Endpoint;
import dev.sluice.ir.StreamRoute;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of a UDP listener: keeps one {@link UdpSession} per client address and hands each
 * datagram's payload to it. Event-loop confined: the sessions are created on the listener's event
 * loop, so the session map needs no synchronisation.
 */
final class UdpListenerHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(UdpListenerHandler.class);

  private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();
  private final Bootstrap template;
  private final Supplier<StreamRouteTable> table;
  private final Duration idleTimeout;

  /**
   * @param template the session bootstrap without group and handler
   */
  UdpListenerHandler(Bootstrap template, Supplier<StreamRouteTable> table, Duration idleTimeout) {
    this.template = template;
    this.table = table;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket packet)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    InetSocketAddress client = packet.sender();
    UdpSession session = sessions.get(client);
    if (session == null) {
      session = open(ctx, client);
    }
    if (session == null) {
      packet.release();
      return;
    }
    session.send(packet.content());
  }

  private UdpSession open(ChannelHandlerContext ctx, InetSocketAddress client) {
    Optional<StreamRoute> route = table.get().route(Optional.empty());
    Optional<Endpoint> endpoint = route.flatMap(BackendPicker::pick);
    if (endpoint.isEmpty()) {
      log.debug("no UDP backend for {} (route {}); dropping", client, route.map(r -> r.key()));
      return null;
    }
    UdpSession session =
        UdpSession.open(template, ctx.channel(), client, endpoint.get(), idleTimeout);
    sessions.put(client, session);
    session.closeFuture().addListener(f -> sessions.remove(client, session));
    return session;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    new ArrayList<>(sessions.values()).forEach(UdpSession::close);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A failed send to one client must not stop the listener.
    log.debug("UDP listener {}: {}", ctx.channel(), cause.toString());
  }

  /** The number of live sessions; for tests, on the event loop. */
  int sessionCount() {
    return sessions.size();
  }
}
