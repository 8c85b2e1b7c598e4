package dev.sluice.proxy;

import static dev.sluice.proxy.testing.Ir.anyHost;
import static dev.sluice.proxy.testing.Ir.gateway;
import static dev.sluice.proxy.testing.Ir.prefix;
import static dev.sluice.proxy.testing.Ir.route;
import static dev.sluice.proxy.testing.Ir.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Listener;
import dev.sluice.ir.ListenerProtocol;
import dev.sluice.proxy.testing.RawH2;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F2 and F9 of reliability-security.md §4 (MadeYouReset, reset floods via invalid frames): frames
 * that make the <em>server</em> reset a stream, repeated. Every reset the proxy sends counts,
 * whatever its error code, so the connection ends with {@code GOAWAY(ENHANCE_YOUR_CALM)} after
 * {@code http2MaxResetsPerWindow} of them and the backend sees at most that many requests.
 */
class Http2ServerResetTest extends HostileTestBase {

  private static final int BUDGET = 20;
  private static final int STREAMS = 10 * BUDGET;

  /** One way of making the server reset {@code stream}. */
  @FunctionalInterface
  interface Provocation {
    void send(RawH2 h2, int stream) throws IOException;
  }

  @BeforeEach
  void smallResetBudget() {
    apply(
        gateway(
            new Listener(
                "127.0.0.1:" + port,
                "127.0.0.1",
                port,
                ListenerProtocol.HTTP,
                List.of(anyHost(route("all", prefix("/"), List.of(), List.of(to(a))))),
                ClientLimitsTest.limits(l -> l.http2MaxResetsPerWindow(BUDGET)))));
  }

  static Stream<Arguments> provocations() {
    return Stream.of(
        Arguments.of(
            "WINDOW_UPDATE 0 on an open stream (PROTOCOL_ERROR)",
            (Provocation)
                (h2, s) -> {
                  h2.headers(s, RawH2.get("/wu0/" + s), false);
                  h2.windowUpdate(s, 0);
                }),
        Arguments.of(
            "DATA after END_STREAM (STREAM_CLOSED)",
            (Provocation)
                (h2, s) -> {
                  h2.headers(s, RawH2.get("/slow/" + s), true);
                  h2.data(s, new byte[] {'x'}, true);
                }),
        Arguments.of(
            "missing :path (PROTOCOL_ERROR)",
            (Provocation)
                (h2, s) ->
                    h2.frame(
                        RawH2.HEADERS,
                        RawH2.END_HEADERS | RawH2.END_STREAM,
                        s,
                        RawH2.literals(":method", "GET", ":scheme", "http"))),
        Arguments.of(
            "host contradicting :authority (PROTOCOL_ERROR, was CANCEL)",
            (Provocation)
                (h2, s) ->
                    h2.frame(
                        RawH2.HEADERS,
                        RawH2.END_HEADERS | RawH2.END_STREAM,
                        s,
                        RawH2.literals(
                            ":method",
                            "GET",
                            ":scheme",
                            "http",
                            ":authority",
                            "a.test",
                            ":path",
                            "/x",
                            "host",
                            "b.test"))),
        Arguments.of(
            "early 400 while the body is still open (CANCEL)",
            (Provocation)
                (h2, s) -> {
                  h2.headers(s, RawH2.get("/bad%zz").method("POST"), false);
                  h2.data(s, new byte[] {'x'}, false);
                }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("provocations")
  void f2_f9_serverResetsAreBudgeted(String what, Provocation provocation) throws IOException {
    int resets = 0;
    Optional<RawH2.Frame> goaway = Optional.empty();
    try (RawH2 h2 = new RawH2(port)) {
      // Lock-step: provoke, then wait for that stream's reset, so the count is exact.
      for (int i = 0, stream = 1; i < STREAMS && goaway.isEmpty(); i++, stream += 2) {
        provocation.send(h2, stream);
        RawH2.Frame f = h2.readUntil(stream, RawH2.RST_STREAM).orElseThrow();
        if (f.type() == RawH2.GOAWAY) {
          goaway = Optional.of(f);
        } else {
          resets++;
        }
      }
      assertThat(goaway).as("GOAWAY after the reset budget").isPresent();
      assertThat(goaway.get().errorCode()).isEqualTo(RawH2.ENHANCE_YOUR_CALM);
      assertThat(h2.closedByPeer()).isTrue();
    }
    assertThat(resets).as("resets sent before GOAWAY").isEqualTo(BUDGET);
    assertThat(a.connections())
        .as("backend connections (no amplification)")
        .isLessThanOrEqualTo(BUDGET + 1);
    a.releaseSlow();
    assertStillServes();
  }
}
