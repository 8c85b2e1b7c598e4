package dev.sluice.proxy.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Delivers exactly one decoded message per {@code read()} call, so that a handler that reads the
 * next chunk only after the previous one was written gets real backpressure even when a decoder
 * produced several messages from one socket read. Event-loop confined; one instance per channel.
 *
 * <p>Unlike Netty's {@code FlowControlHandler}, it can keep messages that were decoded before the
 * peer closed and deliver them before {@code channelInactive} ({@code deferInactive}), which an
 * upstream needs so that a response followed by a close is never truncated. Reads are idempotent:
 * several {@code read()} calls before a message arrives still deliver one message.
 */
public final class DemandReadHandler extends ChannelDuplexHandler {

  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final boolean deferInactive;
  private boolean demand;
  private boolean inactive;
  private boolean inactiveFired;

  /**
   * @param deferInactive deliver queued messages before {@code channelInactive} (upstreams); when
   *     false, queued messages are dropped on close (downstreams: nobody is left to answer)
   */
  public DemandReadHandler(boolean deferInactive) {
    this.deferInactive = deferInactive;
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    demand = true;
    drain(ctx);
    if (demand && !inactive) {
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    queue.add(msg);
    drain(ctx);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    if (!deferInactive) {
      releaseQueued();
    }
    drain(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseQueued();
  }

  private void drain(ChannelHandlerContext ctx) {
    while (demand && !queue.isEmpty()) {
      demand = false;
      ctx.fireChannelRead(queue.poll());
    }
    if (inactive && queue.isEmpty() && !inactiveFired) {
      inactiveFired = true;
      ctx.fireChannelInactive();
    }
  }

  private void releaseQueued() {
    Object msg;
    while ((msg = queue.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }
}
