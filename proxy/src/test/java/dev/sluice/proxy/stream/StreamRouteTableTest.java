package dev.sluice.proxy.stream;

import static dev.sluice.proxy.stream.StreamRoutes.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.StreamRoute;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamRouteTableTest {

  private static final StreamRoute ANY = route("any");
  private static final StreamRoute EXACT = route("exact", List.of("api.example.com"));
  private static final StreamRoute WILD = route("wild", List.of("*.example.com"));
  private static final StreamRoute LONG_WILD = route("long-wild", List.of("*.api.example.com"));

  private static Optional<String> lookup(StreamRouteTable table, String sni) {
    return table.route(Optional.of(sni)).map(r -> r.key().name());
  }

  @Test
  void exactBeatsWildcardAndAnyRegardlessOfOrder() {
    StreamRouteTable table = StreamRouteTable.compile(List.of(ANY, WILD, EXACT));

    assertThat(lookup(table, "api.example.com")).contains("exact");
    assertThat(lookup(table, "API.Example.com.")).contains("exact");
  }

  @Test
  void longerWildcardBeatsShorter() {
    StreamRouteTable table = StreamRouteTable.compile(List.of(WILD, LONG_WILD));

    assertThat(lookup(table, "v1.api.example.com")).contains("long-wild");
    assertThat(lookup(table, "www.example.com")).contains("wild");
    assertThat(lookup(table, "a.b.example.com")).contains("wild");
  }

  @Test
  void wildcardNeedsAtLeastOneLabel() {
    StreamRouteTable table = StreamRouteTable.compile(List.of(WILD));

    assertThat(lookup(table, "example.com")).isEmpty();
    assertThat(lookup(table, "badexample.com")).isEmpty();
  }

  @Test
  void routeWithoutHostnamesMatchesAnySni() {
    StreamRouteTable table = StreamRouteTable.compile(List.of(EXACT, ANY));

    assertThat(lookup(table, "other.org")).contains("any");
  }

  @Test
  void tiesGoToTheFirstRoute() {
    StreamRoute first = route("first", List.of("a.example.com", "*.example.com"));
    StreamRoute second = route("second", List.of("a.example.com", "*.example.com"));
    StreamRoute firstAny = route("first-any");
    StreamRoute secondAny = route("second-any");
    StreamRouteTable table = StreamRouteTable.compile(List.of(first, firstAny, second, secondAny));

    assertThat(lookup(table, "a.example.com")).contains("first");
    assertThat(lookup(table, "b.example.com")).contains("first");
    assertThat(table.route(Optional.empty())).contains(firstAny);
  }

  @Test
  void noSniTakesTheFirstRouteWithoutHostnames() {
    StreamRouteTable table = StreamRouteTable.compile(List.of(EXACT, ANY, route("later")));

    assertThat(table.route(Optional.empty())).contains(ANY);
    assertThat(StreamRouteTable.compile(List.of(EXACT)).route(Optional.empty())).isEmpty();
  }

  @Test
  void nothingMatches() {
    StreamRouteTable table = StreamRouteTable.compile(List.of(EXACT, WILD));

    assertThat(lookup(table, "example.org")).isEmpty();
    assertThat(StreamRouteTable.compile(List.of()).route(Optional.of("a.b"))).isEmpty();
  }
}
