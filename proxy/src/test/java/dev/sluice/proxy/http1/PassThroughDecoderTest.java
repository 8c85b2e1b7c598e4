package dev.sluice.proxy.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.transport.HttpLimits;
import dev.sluice.proxy.upstream.Http1ClientCodec;
import dev.sluice.proxy.upstream.PassThroughResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The upstream codec that forwards simple response heads as bytes must give every response the same
 * meaning as Netty's {@link HttpClientCodec} with the same limits: the same status, the same
 * headers once prepared for the client, the same body bytes and message boundaries, and a decoding
 * failure wherever Netty fails. Each case is fed to both codecs, whole and split into small reads.
 */
class PassThroughDecoderTest {

  private static final String OK = "HTTP/1.1 200 OK\r\n";

  static Stream<String[]> responses() {
    String big = "x".repeat(20_000);
    return Stream.of(
        // Forwarded as bytes.
        c("GET", OK + "Content-Length: 5\r\nServer: t\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 0\r\n\r\n"),
        c(
            "GET",
            OK + "content-length: 5\r\nConnection: keep-alive\r\nKeep-Alive: t=5\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nConnection: close\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nConnection: Keep-Alive, CLOSE\r\n\r\nhello"),
        c("GET", OK + "Content-Length:   5  \r\nX-A:\r\nX-B: \t v \t\r\n\r\nhello"),
        c(
            "GET",
            OK
                + "Content-Length: 5\r\nProxy-Authenticate: x\r\nTE: trailers\r\nTrailer: x\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAA\r\nProxy-Connection: x\r\n\r\nhello"),
        c("GET", "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"),
        c("GET", "HTTP/1.1 503 Try Later\r\nContent-Length: 2\r\nRetry-After: 1\r\n\r\nno"),
        c("GET", OK + "Content-Length: 20000\r\n\r\n" + big),
        c("POST", OK + "Content-Length: 3\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nabc"),
        c("GET", "HTTP/1.1 100 Continue\r\n\r\n" + OK + "Content-Length: 1\r\n\r\nz"),
        c(
            "GET",
            "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" + OK + "Content-Length: 1\r\n\r\nz"),
        // Left to Netty: framing, odd shapes and malformed heads.
        c("GET", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        c(
            "GET",
            OK + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
        c("GET", OK + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
        c("GET", OK + "Content-Length: 05\r\n\r\nhello"),
        c("GET", OK + "Content-Length: +5\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5, 5\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Fold: a\r\n  b\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\nServer: t\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Cr: a\rb\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Nul: a\0b\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Del: a\u007fb\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Hi: caf\u00e9\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Sp : v\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\n: v\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX(y): v\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nConnection: x-drop\r\nX-Drop: 1\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nConnection: close\r\nClose: 1\r\n\r\nhello"),
        c("GET", "HTTP/1.1 200\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", "HTTP/1.1 200  OK\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", "HTTP/1.1 2000 OK\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", "HTTP/1.1 abc OK\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", "\r\n" + OK + "Content-Length: 5\r\n\r\nhello"),
        c("GET", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"),
        c("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"),
        c("HEAD", OK + "Content-Length: 5\r\n\r\n"),
        c("GET", OK + "Server: t\r\n\r\nuntil close"),
        c("GET", OK + "Content-Length: 5\r\nX-Big: " + "v".repeat(5_000) + "\r\n\r\nhello"),
        c("GET", OK + "Content-Length: 5\r\nX-Huge: " + "v".repeat(20_000) + "\r\n\r\nhello"),
        c("GET", "HTTP/1.1 200 " + "r".repeat(9_000) + "\r\nContent-Length: 5\r\n\r\nhello"),
        c("GET", "garbage\r\n\r\n"));
  }

  private static String[] c(String method, String raw) {
    return new String[] {method, raw};
  }

  @ParameterizedTest
  @MethodSource("responses")
  void sameMeaningAsNettysCodecInOneRead(String method, String raw) {
    assertThat(run(new Http1ClientCodec(), method, raw, raw.length()))
        .isEqualTo(
            run(
                new HttpClientCodec(HttpLimits.decoderConfig(), true, false),
                method,
                raw,
                raw.length()));
  }

  @ParameterizedTest
  @MethodSource("responses")
  void sameMeaningAsNettysCodecInSmallReads(String method, String raw) {
    assertThat(run(new Http1ClientCodec(), method, raw, 7))
        .isEqualTo(
            run(new HttpClientCodec(HttpLimits.decoderConfig(), true, false), method, raw, 7));
  }

  @ParameterizedTest
  @MethodSource("responses")
  void sameMeaningWhenTheConnectionClosesEarly(String method, String raw) {
    String cut = raw.substring(0, raw.length() - 2);
    assertThat(run(new Http1ClientCodec(), method, cut, cut.length()))
        .isEqualTo(
            run(
                new HttpClientCodec(HttpLimits.decoderConfig(), true, false),
                method,
                cut,
                cut.length()));
  }

  @org.junit.jupiter.api.Test
  void simpleHeadsArePassedThroughAndBackToBackResponsesStayPaired() {
    EmbeddedChannel ch = new EmbeddedChannel(new Http1ClientCodec());
    request(ch, "GET");
    request(ch, "HEAD");
    request(ch, "GET");
    String raw =
        OK
            + "Content-Length: 3\r\n\r\nabc"
            + OK
            + "Content-Length: 3\r\n\r\n"
            + OK
            + "Content-Length: 2\r\nConnection: close\r\n\r\nde";
    ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    List<Object> in = drain(ch);
    assertThat(in.get(0)).isInstanceOf(PassThroughResponse.class);
    assertThat(((PassThroughResponse) in.get(0)).keepAlive()).isTrue();
    assertThat(in.get(2))
        .isInstanceOf(HttpResponse.class)
        .isNotInstanceOf(PassThroughResponse.class);
    assertThat(in.get(3)).isInstanceOf(LastHttpContent.class);
    assertThat(in.get(4)).isInstanceOf(PassThroughResponse.class);
    assertThat(((PassThroughResponse) in.get(4)).keepAlive()).isFalse();
    assertThat(in).hasSize(6);
    in.forEach(ReferenceCountUtil::release);
    ch.finishAndReleaseAll();
  }

  @org.junit.jupiter.api.Test
  void aChangedHeaderDecodesTheViewIntoAValidatingMap() {
    EmbeddedChannel ch = new EmbeddedChannel(new Http1ClientCodec());
    request(ch, "GET");
    ch.writeInbound(
        Unpooled.copiedBuffer(
            OK + "Content-Length: 1\r\nX-A: 1\r\nx-a: 2\r\n\r\nz", StandardCharsets.ISO_8859_1));
    List<Object> in = drain(ch);
    PassThroughResponse head = (PassThroughResponse) in.get(0);
    assertThat(head.headers().getAll("X-A")).containsExactly("1", "2");
    assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("1");
    assertThat(head.headers().contains("connection")).isFalse();
    head.headers().set(HttpHeaderNames.CONNECTION, "close").remove("x-a");
    assertThat(head.headers().names()).containsExactly("Content-Length", "connection");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> head.headers().set("bad name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    in.forEach(ReferenceCountUtil::release);
    ch.finishAndReleaseAll();
  }

  private static void request(EmbeddedChannel ch, String method) {
    ch.writeOutbound(
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), "/"));
    ch.outboundMessages().forEach(ReferenceCountUtil::release);
    ch.outboundMessages().clear();
  }

  private static List<Object> drain(EmbeddedChannel ch) {
    List<Object> all = new ArrayList<>();
    Object m;
    while ((m = ch.readInbound()) != null) {
      all.add(m);
    }
    return all;
  }

  /**
   * Feeds {@code raw} in reads of {@code step} bytes, then closes, and describes what came out: for
   * each message its kind, failure, status and prepared headers (sorted), and the body bytes.
   */
  private static List<String> run(ChannelHandler codec, String method, String raw, int step) {
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    request(ch, method);
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < bytes.length && ch.isOpen(); i += step) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i)));
      describe(ch, method, seen);
    }
    ch.finish();
    describe(ch, method, seen);
    ch.finishAndReleaseAll();
    return merge(seen);
  }

  private static void describe(EmbeddedChannel ch, String method, List<String> seen) {
    Object m;
    while ((m = ch.readInbound()) != null) {
      try {
        if (m instanceof HttpObject http && http.decoderResult().isFailure()) {
          seen.add("FAILURE");
          continue;
        }
        if (m instanceof HttpResponse head) {
          seen.add("HEAD " + prepared(head, method));
        }
        if (m instanceof HttpContent content) {
          seen.add("BODY " + content.content().toString(StandardCharsets.ISO_8859_1));
        }
        if (m instanceof LastHttpContent last) {
          seen.add("END " + last.trailingHeaders().entries());
        }
        if (m instanceof ByteBuf buf) {
          seen.add("RAW " + buf.toString(StandardCharsets.ISO_8859_1));
        }
      } finally {
        ReferenceCountUtil.release(m);
      }
    }
  }

  /** The head as the client would get it: prepared like today's path, encoded, lines sorted. */
  private static String prepared(HttpResponse head, String method) {
    if (!(head instanceof PassThroughResponse)) {
      ProxyHeaders.prepareResponse(head, HttpMethod.valueOf(method), HttpVersion.HTTP_1_1);
    }
    EmbeddedChannel enc = new EmbeddedChannel(new HttpResponseEncoder());
    enc.writeOutbound(head);
    ByteBuf out = enc.readOutbound();
    String text = out.toString(StandardCharsets.ISO_8859_1);
    out.release();
    enc.finishAndReleaseAll();
    String[] lines = text.split("\r\n");
    String status = lines[0];
    String[] fields = Arrays.copyOfRange(lines, 1, lines.length);
    for (int i = 0; i < fields.length; i++) {
      int colon = fields[i].indexOf(':');
      fields[i] = fields[i].substring(0, colon).toLowerCase() + fields[i].substring(colon);
    }
    Arrays.sort(fields);
    return status + " " + Arrays.toString(fields);
  }

  /** Consecutive body pieces joined: how a body is cut into reads is not part of its meaning. */
  private static List<String> merge(List<String> seen) {
    List<String> merged = new ArrayList<>();
    for (String s : seen) {
      int last = merged.size() - 1;
      if (s.startsWith("BODY ") && last >= 0 && merged.get(last).startsWith("BODY ")) {
        merged.set(last, merged.get(last) + s.substring(5));
      } else if (!s.equals("BODY ")) {
        merged.add(s);
      }
    }
    return merged;
  }
}
