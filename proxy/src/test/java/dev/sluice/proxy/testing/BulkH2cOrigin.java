package dev.sluice.proxy.testing;

import dev.sluice.ir.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved h2c (prior knowledge) origin for bulk transfers, built from Netty's stock frame
 * codec and multiplexer with auto-read on: every DATA byte it receives is consumed at once, so its
 * WINDOW_UPDATEs flow as Netty sends them. {@code /down/N} answers with N bytes of the pattern
 * {@code i % 251}, written only while the stream is writable; any other path counts the request
 * body and answers {@code received <length> <sha256>} once the body ended. New streams can be
 * paused ({@link #pauseNewStreams()}) to play a backend that reads nothing for a while. Thread-safe
 * accessors.
 */
public final class BulkH2cOrigin implements AutoCloseable {

  /** One request body as the origin received it. */
  public record Upload(String path, long length, String sha256) {}

  private final SmallServer server;
  private final List<Upload> uploads = new CopyOnWriteArrayList<>();
  private final AtomicLong receiving = new AtomicLong();
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  public BulkH2cOrigin() {
    server =
        new SmallServer(
            ch ->
                ch.pipeline()
                    .addLast(Http2FrameCodecBuilder.forServer().build())
                    .addLast(
                        new Http2MultiplexHandler(
                            new ChannelInitializer<Http2StreamChannel>() {
                              @Override
                              protected void initChannel(Http2StreamChannel stream) {
                                stream.pipeline().addLast(new Stream());
                              }
                            })));
  }

  public Endpoint endpoint() {
    return server.endpoint();
  }

  /**
   * Streams opened from now on read their headers and then nothing (auto-read off, so Netty grants
   * no credit) until {@link #resume()}.
   */
  public void pauseNewStreams() {
    gate = new CompletableFuture<>();
  }

  /** Paused streams start reading (auto-read on: Netty returns the consumed credit). */
  public void resume() {
    gate.complete(null);
  }

  /** Completed uploads, in order. */
  public List<Upload> uploads() {
    return uploads;
  }

  /** Body bytes received so far over all streams (for diagnostics while a transfer runs). */
  public long bytesReceived() {
    return receiving.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private final class Stream extends ChannelInboundHandlerAdapter {
    private final MessageDigest digest = sha256();
    private String path = "";
    private long length;
    private long toSend = -1;
    private long sent;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      CompletableFuture<Void> paused = gate;
      if (!paused.isDone()) {
        ctx.channel().config().setAutoRead(false);
        ctx.read(); // the request headers
        paused.thenRun(
            () -> ctx.executor().execute(() -> ctx.channel().config().setAutoRead(true)));
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean end = false;
      if (msg instanceof Http2HeadersFrame headers) {
        path = String.valueOf(headers.headers().path());
        end = headers.isEndStream();
      } else if (msg instanceof Http2DataFrame data) {
        ByteBuf content = data.content();
        length += content.readableBytes();
        receiving.addAndGet(content.readableBytes());
        digest.update(content.nioBuffer());
        end = data.isEndStream();
      }
      ReferenceCountUtil.release(msg);
      if (end) {
        answer(ctx);
      }
    }

    private void answer(ChannelHandlerContext ctx) {
      if (path.startsWith("/down/")) {
        toSend = Long.parseLong(path.substring("/down/".length()));
        ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
        pump(ctx);
        return;
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      uploads.add(new Upload(path, length, sha));
      byte[] text = ("received " + length + " " + sha).getBytes(StandardCharsets.US_ASCII);
      ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
      ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(text), true));
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (toSend >= 0 && ctx.channel().isWritable()) {
        pump(ctx);
      }
    }

    private void pump(ChannelHandlerContext ctx) {
      while (sent < toSend && ctx.channel().isWritable()) {
        int n = (int) Math.min(16_384, toSend - sent);
        // One bulk write: a leak-aware buffer (paranoid detection in tests) records every call.
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
          bytes[i] = (byte) ((sent + i) % 251);
        }
        ByteBuf buf = ctx.alloc().buffer(n).writeBytes(bytes);
        sent += n;
        ctx.write(new DefaultHttp2DataFrame(buf, sent == toSend));
      }
      ctx.flush();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
