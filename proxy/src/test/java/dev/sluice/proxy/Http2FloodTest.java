package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.ClientLimits;
import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.testing.Eventually;
import dev.sluice.proxy.testing.RawH2;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Class F of reliability-security.md §4: HTTP/2 abuse, with raw frames. */
class Http2FloodTest extends HostileTestBase {

  private static final long PROTOCOL_ERROR = 0x1;
  private static final long REFUSED_STREAM = 0x7;
  private static final long ENHANCE_YOUR_CALM = 0xb;

  private void serve(ClientLimits limits) {
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                List.of(anyHost(route("all", prefix("/"), List.of(), List.of(to(a))))),
                limits)));
  }

  /** Reads until GOAWAY (tolerating a close while the client was still writing). */
  private static Optional<RawH2.Frame> goaway(RawH2 h2) throws IOException {
    return h2.readUntil(RawH2.GOAWAY);
  }

  @Test
  void f1_rapidResetEndsTheConnectionWithGoaway() throws IOException {
    serve(ClientLimitsTest.limits(l -> l.http2MaxResetsPerWindow(20)));
    try (RawH2 h2 = new RawH2(port)) {
      try {
        for (int stream = 1; stream < 400; stream += 2) {
          h2.headers(stream, RawH2.get("/rr"), true);
          h2.reset(stream);
        }
      } catch (IOException closedWhileWriting) {
        // The server gave up on us mid-flood: what the test wants.
      }
      RawH2.Frame g = goaway(h2).orElseThrow();
      assertThat(g.errorCode()).isEqualTo(ENHANCE_YOUR_CALM);
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertThat(a.requests().size()).isLessThan(200);
    assertStillServes();
  }

  @Test
  void f3_streamsOverMaxConcurrentAreRefused() throws IOException {
    serve(ClientLimitsTest.limits(l -> l.http2MaxConcurrentStreams(2)));
    try (RawH2 h2 = new RawH2(port)) {
      h2.readUntil(RawH2.SETTINGS);
      h2.frame(RawH2.SETTINGS, 0x1, 0, new byte[0]);
      h2.headers(1, RawH2.get("/slow/1"), true);
      h2.headers(3, RawH2.get("/slow/3"), true);
      h2.headers(5, RawH2.get("/slow/5"), true);
      RawH2.Frame reset = h2.readUntil(RawH2.RST_STREAM).orElseThrow();
      assertThat(reset.stream()).isEqualTo(5);
      assertThat(reset.errorCode()).isEqualTo(REFUSED_STREAM);
      Eventually.await(
          Duration.ofSeconds(5), () -> a.requests().size() == 2, "two admitted streams");
      a.releaseSlow();
      assertThat(h2.readUntil(RawH2.HEADERS)).isPresent();
    }
    assertThat(a.requests())
        .extracting(r -> r.uri())
        .containsExactlyInAnyOrder("/slow/1", "/slow/3");
  }

  @Test
  void f4_continuationFloodIsCutOff() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      byte[] block = h2.encode(RawH2.get("/cont"));
      h2.frame(RawH2.HEADERS, RawH2.END_STREAM, 1, block);
      try {
        byte[] many = repeatFrame(RawH2.CONTINUATION, 1, new byte[0], 100_000);
        h2.rawWrite(many);
      } catch (IOException closedWhileWriting) {
        // expected
      }
      assertThat(goaway(h2)).isPresent();
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertThat(a.requests()).isEmpty();
    assertStillServes();
  }

  @Test
  void f4_continuationFragmentsBeyondTheHeaderListAreCutOff() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      byte[] block = h2.encode(RawH2.get("/cont"));
      h2.frame(RawH2.HEADERS, RawH2.END_STREAM, 1, block);
      Http2Headers filler = new DefaultHttp2Headers(false, false, 4);
      try {
        for (int i = 0; i < 200; i++) {
          filler.set("x-f" + i, "v".repeat(1000));
        }
        // Literal (not indexed) fragments of ~1 KiB each, 200 KiB in all, never END_HEADERS.
        byte[] fragment = h2.encode(filler);
        for (int i = 0; i + 1024 <= fragment.length; i += 1024) {
          h2.frame(RawH2.CONTINUATION, 0, 1, java.util.Arrays.copyOfRange(fragment, i, i + 1024));
        }
      } catch (IOException closedWhileWriting) {
        // expected
      }
      assertThat(goaway(h2)).isPresent();
    }
    assertThat(a.requests()).isEmpty();
    assertStillServes();
  }

  @Test
  void f5_hpackBombIsRefusedWithoutReachingTheBackend() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      Http2Headers bomb = RawH2.get("/bomb");
      String big = "b".repeat(4000);
      for (int i = 0; i < 60; i++) {
        bomb.add("x-bomb", big);
      }
      byte[] block = h2.encode(bomb);
      assertThat(block.length).as("indexed references keep the wire size small").isLessThan(8000);
      h2.frame(RawH2.HEADERS, RawH2.END_HEADERS | RawH2.END_STREAM, 1, block);
      Optional<RawH2.Frame> answer = h2.read();
      while (answer.isPresent()
          && answer.get().type() != RawH2.HEADERS
          && answer.get().type() != RawH2.RST_STREAM
          && answer.get().type() != RawH2.GOAWAY) {
        answer = h2.read();
      }
      assertThat(answer).as("431, a stream reset or GOAWAY").isPresent();
    }
    assertThat(a.requests()).isEmpty();
    assertStillServes();
  }

  @Test
  void f7_f8_unreadPingFloodHitsTheControlFrameQueueLimit() throws IOException {
    try (RawH2 h2 = new RawH2(port, 4096)) {
      byte[] ping = new byte[8];
      try {
        h2.rawWrite(repeatFrame(RawH2.PING, 0, ping, 500_000));
      } catch (IOException closedWhileWriting) {
        // expected: the proxy closed the connection
      }
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertStillServes();
  }

  @Test
  void f10_emptyDataFrameFloodIsCutOff() throws IOException {
    try (RawH2 h2 = new RawH2(port)) {
      h2.headers(1, RawH2.get("/echo"), false);
      try {
        for (int i = 0; i < 10; i++) {
          h2.frame(RawH2.DATA, 0, 1, new byte[0]);
        }
      } catch (IOException closedWhileWriting) {
        // expected
      }
      RawH2.Frame g = goaway(h2).orElseThrow();
      assertThat(g.errorCode()).isIn(ENHANCE_YOUR_CALM, PROTOCOL_ERROR);
    }
    assertStillServes();
  }

  private static byte[] repeatFrame(int type, int stream, byte[] payload, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * (9 + payload.length));
    for (int i = 0; i < count; i++) {
      out.write(payload.length >>> 16);
      out.write(payload.length >>> 8);
      out.write(payload.length);
      out.write(type);
      out.write(0);
      out.write(stream >>> 24);
      out.write(stream >>> 16);
      out.write(stream >>> 8);
      out.write(stream);
      out.writeBytes(payload);
    }
    return out.toByteArray();
  }
}
