package dev.sluice.proxy.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Hands a client stream's messages on one per {@code read()} call, so that the exchange, which asks
 * for the next message only after the previous one was forwarded, gets real backpressure: a message
 * it did not ask for waits here, and the stream's flow-control window is not reopened for it. Reads
 * are idempotent (several before a message arrives still deliver one). Messages still waiting when
 * the stream closes are dropped (nobody is left to answer), then the close is passed on. The same
 * contract as the HTTP/1.1 connections' {@code DemandReadHandler}, kept inside {@link StreamBridge}
 * so that a stream needs no handler of its own for it and no queue until a message has to wait (the
 * common request is one message). Event-loop confined; one per stream.
 */
final class ReadDemand {

  private ArrayDeque<Object> waiting;
  private boolean demand;
  private boolean inactive;
  private boolean inactiveFired;

  /** The exchange asks for the next message. */
  void read(ChannelHandlerContext ctx) {
    demand = true;
    drain(ctx);
    if (demand && !inactive) {
      ctx.read();
    }
  }

  /** A message for the exchange: delivered now if asked for, else kept in order. */
  void deliver(ChannelHandlerContext ctx, Object msg) {
    if (demand && (waiting == null || waiting.isEmpty())) {
      demand = false;
      ctx.fireChannelRead(msg);
      return;
    }
    if (waiting == null) {
      waiting = new ArrayDeque<>(4);
    }
    waiting.add(msg);
    drain(ctx);
  }

  /** The stream closed: waiting messages are dropped, then the close goes on. */
  void inactive(ChannelHandlerContext ctx) {
    inactive = true;
    release();
    drain(ctx);
  }

  /** Drops what is waiting. */
  void release() {
    if (waiting == null) {
      return;
    }
    Object msg;
    while ((msg = waiting.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void drain(ChannelHandlerContext ctx) {
    while (demand && waiting != null && !waiting.isEmpty()) {
      demand = false;
      ctx.fireChannelRead(waiting.poll());
    }
    if (inactive && (waiting == null || waiting.isEmpty()) && !inactiveFired) {
      inactiveFired = true;
      ctx.fireChannelInactive();
    }
  }
}
