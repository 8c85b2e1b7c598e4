package dev.sluice.proxy.testing;

import dev.sluice.ir.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Netty HTTP/1.1 origin on an ephemeral port that records every request it receives. Behaviour by
 * path prefix: {@code /echo} streams the request body back chunked; {@code /big/N} streams N bytes;
 * {@code /slow} answers when {@link #releaseSlow()} is called; {@code /reset} closes without
 * answering; {@code /close} answers with Connection: close; anything else answers {@code <name>
 * <method> <uri>} once the body is read.
 */
public final class TestOrigin implements AutoCloseable {

  /** One request as the origin saw it. */
  public record Recorded(
      String method,
      String uri,
      HttpHeaders headers,
      long bodyLength,
      String bodySha256,
      String bodyPrefix,
      int connectionId) {}

  private final String name;
  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final CompletableFuture<Void> slowGate = new CompletableFuture<>();
  private final CompletableFuture<Void> slowArrived = new CompletableFuture<>();

  public TestOrigin(String name) {
    this.name = name;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    int id = connections.incrementAndGet();
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(),
                            new io.netty.handler.codec.http.HttpServerExpectContinueHandler(),
                            new Handler(id));
                  }
                })
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
  }

  public Endpoint endpoint() {
    return new Endpoint(
        "127.0.0.1", ((java.net.InetSocketAddress) server.localAddress()).getPort());
  }

  public List<Recorded> requests() {
    return requests;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  public void releaseSlow() {
    slowGate.complete(null);
  }

  /** Completes when a {@code /slow} request has arrived. */
  public CompletableFuture<Void> slowArrived() {
    return slowArrived;
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    private final int connectionId;
    private HttpRequest head;
    private MessageDigest digest;
    private long length;
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private boolean echo;

    Handler(int connectionId) {
      this.connectionId = connectionId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        head = request;
        digest = sha256();
        length = 0;
        prefix.reset();
        echo = request.uri().startsWith("/echo");
        if (request.uri().startsWith("/reset")) {
          head = null;
          io.netty.util.ReferenceCountUtil.release(msg);
          ctx.close();
          return;
        }
        if (echo) {
          HttpResponse response =
              new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
          HttpUtil.setTransferEncodingChunked(response, true);
          response.headers().set("x-origin", name);
          ctx.writeAndFlush(response);
        }
      }
      if (msg instanceof HttpContent content) {
        if (head == null) {
          content.release();
        } else {
          onContent(ctx, content);
        }
      }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
      ByteBuf buf = content.content();
      length += buf.readableBytes();
      byte[] bytes = new byte[buf.readableBytes()];
      buf.getBytes(buf.readerIndex(), bytes);
      digest.update(bytes);
      if (prefix.size() < 65536) {
        prefix.write(bytes, 0, Math.min(bytes.length, 65536 - prefix.size()));
      }
      boolean last = content instanceof LastHttpContent;
      if (echo) {
        ctx.writeAndFlush(
            last
                ? new io.netty.handler.codec.http.DefaultLastHttpContent(buf)
                : new DefaultHttpContent(buf));
        if (!ctx.channel().isWritable()) {
          ctx.channel().config().setAutoRead(false);
        }
      } else {
        content.release();
      }
      if (last) {
        requests.add(
            new Recorded(
                head.method().name(),
                head.uri(),
                head.headers().copy(),
                length,
                HexFormat.of().formatHex(digest.digest()),
                prefix.toString(StandardCharsets.UTF_8),
                connectionId));
        if (!echo) {
          respond(ctx, head);
        }
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
    }

    private void respond(ChannelHandlerContext ctx, HttpRequest request) {
      String uri = request.uri();
      if (uri.startsWith("/slow")) {
        slowArrived.complete(null);
        slowGate.thenRun(
            () ->
                ctx.executor()
                    .execute(() -> writeText(ctx, request, HttpResponseStatus.OK, false)));
      } else if (uri.startsWith("/big/")) {
        streamBig(ctx, Long.parseLong(uri.substring(5)));
      } else {
        writeText(ctx, request, HttpResponseStatus.OK, uri.startsWith("/close"));
      }
    }

    private void writeText(
        ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, boolean close) {
      String text = name + " " + request.method() + " " + request.uri();
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      response.headers().set("x-origin", name);
      response.headers().set("x-remove-me", "yes");
      if (close) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      var write = ctx.writeAndFlush(response);
      if (close) {
        write.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private void streamBig(ChannelHandlerContext ctx, long total) {
      HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      HttpUtil.setTransferEncodingChunked(response, true);
      ctx.write(response);
      new BigWriter(ctx, total).run();
    }
  }

  /** Writes a deterministic byte pattern (byte i = i % 251) with backpressure. */
  private static final class BigWriter implements Runnable {
    private final ChannelHandlerContext ctx;
    private final long total;
    private long sent;

    BigWriter(ChannelHandlerContext ctx, long total) {
      this.ctx = ctx;
      this.total = total;
    }

    @Override
    public void run() {
      io.netty.channel.ChannelFuture lastWrite = null;
      while (sent < total && (lastWrite == null || ctx.channel().isWritable())) {
        int n = (int) Math.min(16384, total - sent);
        // One bulk write: a leak-aware buffer (paranoid detection in tests) records every call.
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
          bytes[i] = (byte) ((sent + i) % 251);
        }
        ByteBuf buf = ctx.alloc().buffer(n).writeBytes(bytes);
        sent += n;
        lastWrite = ctx.writeAndFlush(new DefaultHttpContent(buf));
      }
      if (sent >= total) {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      } else {
        lastWrite.addListener(f -> ctx.executor().execute(this));
      }
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
