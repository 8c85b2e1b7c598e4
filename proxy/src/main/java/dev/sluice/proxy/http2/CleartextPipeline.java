package dev.sluice.proxy.http2;

import dev.sluice.proxy.http1.ConnectionInfo;
import dev.sluice.proxy.http1.Http1Deadlines;
import dev.sluice.proxy.http1.Http1Pipeline;
import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.transport.HttpLimits;
import dev.sluice.proxy.transport.LingeringClose;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;

/**
 * The pipeline of a cleartext HTTP connection: HTTP/2 with prior knowledge (the connection preface
 * is detected), HTTP/2 by {@code Upgrade: h2c} on the first request, or HTTP/1.1. Only {@code h2c}
 * upgrade requests are aggregated (up to 16 KiB of body); other upgrades (WebSocket) stream through
 * to the exchange. The connection closes lingering ({@link LingeringClose}, first in the pipeline)
 * whatever it turns out to speak: one handler, installed at accept. Stateless.
 */
public final class CleartextPipeline {

  private static final int MAX_UPGRADE_BODY = 16 * 1024;

  private CleartextPipeline() {}

  /**
   * Installs the lingering close, the detection handlers and the HTTP/1.1 exchange handlers on
   * {@code ch}.
   */
  public static void install(Channel ch, ListenerContext listener) {
    ConnectionInfo info = ConnectionInfo.cleartext();
    Http1Deadlines deadlines = new Http1Deadlines(listener.limits());
    HttpServerCodec codec = new HttpServerCodec(HttpLimits.decoderConfig(listener.limits()));
    HttpServerUpgradeHandler upgrade =
        new H2cOnlyUpgradeHandler(
            codec,
            protocol -> {
              if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
                return null;
              }
              StreamStallGuard stallGuard = Http2ServerPipeline.stallGuard(listener);
              return new Http2ServerUpgradeCodec(
                  Http2ServerPipeline.codec(listener),
                  Http2ServerPipeline.flushes(),
                  new Http2ConnectionGuard(listener.limits(), stallGuard),
                  Http2ServerPipeline.multiplexer(listener, info, stallGuard),
                  new SwitchedToHttp2());
            });
    ChannelPipeline pipeline = ch.pipeline();
    pipeline
        .addFirst(new LingeringClose())
        .addLast(deadlines.beforeCodec())
        .addLast(
            new CleartextHttp2ServerUpgradeHandler(codec, upgrade, priorKnowledge(listener, info)));
    Http1Pipeline.installAfterCodec(pipeline, listener, info, deadlines);
  }

  private static ChannelInitializer<Channel> priorKnowledge(
      ListenerContext listener, ConnectionInfo info) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        Http2ServerPipeline.install(ch.pipeline(), listener, info);
      }
    };
  }

  /**
   * Aggregates and upgrades only {@code Upgrade: h2c} requests. Every other message passes straight
   * to the next handler: the aggregator's decoder path (an output list, a retain and a release per
   * message) cost ~2 % of a cleartext HTTP/1.1 connection's CPU for requests it never touches.
   * Event-loop confined (one per connection).
   */
  private static final class H2cOnlyUpgradeHandler extends HttpServerUpgradeHandler {
    /** Between an h2c upgrade request's head and its last content: the aggregator sees it all. */
    private boolean upgradeRequestInProgress;

    H2cOnlyUpgradeHandler(SourceCodec codec, UpgradeCodecFactory factory) {
      super(codec, factory, MAX_UPGRADE_BODY);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HttpRequest request && shouldHandleUpgradeRequest(request)) {
        upgradeRequestInProgress = true;
      }
      if (!upgradeRequestInProgress) {
        ctx.fireChannelRead(msg);
        return;
      }
      if (msg instanceof LastHttpContent) {
        upgradeRequestInProgress = false;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    protected boolean shouldHandleUpgradeRequest(HttpRequest req) {
      String upgrade = req.headers().get(HttpHeaderNames.UPGRADE, "");
      return upgrade.toLowerCase(java.util.Locale.ROOT).contains("h2c");
    }
  }

  /**
   * After an h2c upgrade: the HTTP/1 exchange handlers go and the connection reads freely; it still
   * closes lingering (the handler installed at accept stays).
   */
  private static final class SwitchedToHttp2 extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      Http1Pipeline.removeAfterCodec(ctx.pipeline());
      ctx.channel().config().setAutoRead(true);
      ctx.pipeline().remove(this);
    }
  }
}
