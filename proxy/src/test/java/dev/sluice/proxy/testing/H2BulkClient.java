package dev.sluice.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A well-behaved HTTP/2 prior-knowledge client for bulk transfers, on Netty's stock frame codec and
 * multiplexer: a request body (the pattern {@code i % 251}) is written only while the stream is
 * writable, that is while the proxy grants flow-control credit, and response bytes are consumed as
 * they arrive (auto-read), so Netty returns credit to the proxy. One connection; thread-safe.
 */
public final class H2BulkClient implements AutoCloseable {

  /** A response: status, body length and SHA-256, and the first bytes of the body as text. */
  public record Result(int status, long length, String sha256, String prefix) {}

  private static final int CHUNK = 16_384;

  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel connection;
  private final AtomicLong sent = new AtomicLong();

  public H2BulkClient(int port) {
    connection =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(Http2FrameCodecBuilder.forClient().build())
                        .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  }
                })
            .connect("127.0.0.1", port)
            .syncUninterruptibly()
            .channel();
  }

  /** Request body bytes handed to the connection so far (for diagnostics). */
  public long bytesSent() {
    return sent.get();
  }

  /** POSTs {@code size} pattern bytes to {@code path}, with a content-length. */
  public CompletableFuture<Result> upload(String path, long size) {
    Http2Headers head =
        new DefaultHttp2Headers()
            .method("POST")
            .scheme("http")
            .authority("bulk.test")
            .path(path)
            .setLong("content-length", size);
    return exchange(head, size);
  }

  /** GETs {@code path}. */
  public CompletableFuture<Result> download(String path) {
    Http2Headers head =
        new DefaultHttp2Headers().method("GET").scheme("http").authority("bulk.test").path(path);
    return exchange(head, 0);
  }

  private CompletableFuture<Result> exchange(Http2Headers head, long size) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    new Http2StreamChannelBootstrap(connection)
        .handler(new Stream(head, size, result))
        .open()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
              }
            });
    return result;
  }

  @Override
  public void close() {
    connection.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Stream extends ChannelInboundHandlerAdapter {
    private final Http2Headers head;
    private final long size;
    private final CompletableFuture<Result> result;
    private final MessageDigest digest = BulkH2cOrigin.sha256();
    private final StringBuilder prefix = new StringBuilder();
    private long written;
    private long received;
    private int status;

    Stream(Http2Headers head, long size, CompletableFuture<Result> result) {
      this.head = head;
      this.size = size;
      this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.write(new DefaultHttp2HeadersFrame(head, size == 0));
      pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        pump(ctx);
      }
    }

    private void pump(ChannelHandlerContext ctx) {
      while (written < size && ctx.channel().isWritable()) {
        int n = (int) Math.min(CHUNK, size - written);
        // One bulk write: a leak-aware buffer (paranoid detection in tests) records every call.
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
          bytes[i] = (byte) ((written + i) % 251);
        }
        ByteBuf buf = ctx.alloc().buffer(n).writeBytes(bytes);
        written += n;
        sent.addAndGet(n);
        ctx.write(new DefaultHttp2DataFrame(buf, written == size));
      }
      ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      boolean end = false;
      if (msg instanceof Http2HeadersFrame headers) {
        if (headers.headers().status() != null) {
          status = Integer.parseInt(headers.headers().status().toString());
        }
        end = headers.isEndStream();
      } else if (msg instanceof Http2DataFrame data) {
        ByteBuf content = data.content();
        received += content.readableBytes();
        digest.update(content.nioBuffer());
        if (prefix.length() < 256) {
          prefix.append(
              content.toString(StandardCharsets.ISO_8859_1),
              0,
              Math.min(256, content.readableBytes()));
        }
        end = data.isEndStream();
      }
      ReferenceCountUtil.release(msg);
      if (end) {
        result.complete(
            new Result(
                status, received, HexFormat.of().formatHex(digest.digest()), prefix.toString()));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      result.completeExceptionally(
          new IllegalStateException(
              "stream closed after "
                  + written
                  + " of "
                  + size
                  + " bytes sent, "
                  + received
                  + " received, status "
                  + status));
    }
  }
}
