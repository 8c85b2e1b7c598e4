package dev.sluice.proxy.http2;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.Http1Pipeline;
import dev.sluice.proxy.http1.ListenerContext;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;

/**
 * Builds the pipeline of each client stream of one connection: {@link StreamBridge} (frames to
 * HTTP/1 objects and back, one message per read so that HTTP/2 flow control pushes back on a client
 * whose upstream is slow) and the exchange driver; auto-read off, and a read handle that allocates
 * nothing ({@link StreamReadHandle}). It replaces Netty's {@code ChannelInitializer}, which keeps a
 * concurrent set of the channels it initializes, and names the handlers, which spares the per-add
 * name generation. Sharable: one per connection, added to every stream, removes itself.
 */
@ChannelHandler.Sharable
final class StreamSetup extends ChannelHandlerAdapter {

  private final ListenerContext listener;
  private final ConnectionInfo info;
  private final StreamStallGuard stallGuard;

  StreamSetup(ListenerContext listener, ConnectionInfo info, StreamStallGuard stallGuard) {
    this.listener = listener;
    this.info = info;
    this.stallGuard = stallGuard;
  }

  @Override
  public boolean isSharable() {
    return true;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(false).setRecvByteBufAllocator(StreamReadHandle.INSTANCE);
    ctx.pipeline()
        .addLast("h2-stream", new StreamBridge(stallGuard))
        .addLast("exchange", Http1Pipeline.exchanges(listener, info))
        .remove(this);
  }
}
