package dev.sluice.proxy.stream;

import dev.sluice.ir.StreamRoute;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child handler of a TCP listener: routes each accepted connection with the current table and
 * hands it to {@link StreamProxy#forward}, or resets it when no route matches. Stateless, hence
 * {@link ChannelHandler.Sharable} across the listener's connections.
 */
@ChannelHandler.Sharable
final class TcpAcceptHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(TcpAcceptHandler.class);

  private final StreamProxy proxy;
  private final Supplier<StreamRouteTable> table;

  TcpAcceptHandler(StreamProxy proxy, Supplier<StreamRouteTable> table) {
    this.proxy = proxy;
    this.table = table;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.pipeline().remove(this);
    Optional<StreamRoute> route = table.get().route(Optional.empty());
    if (route.isEmpty()) {
      log.debug("no TCP route for {}; closing", ctx.channel());
      TcpRelay.close(ctx.channel(), true);
      return;
    }
    proxy.forward(ctx.channel(), Unpooled.EMPTY_BUFFER, route.get());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("accepting {} failed", ctx.channel(), cause);
    TcpRelay.close(ctx.channel(), true);
  }
}
