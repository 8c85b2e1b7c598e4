package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostnamesTest {

  @ParameterizedTest(name = "{0} ∩ {1} = {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "foo.example.com, foo.example.com, foo.example.com",
        "foo.example.com, bar.example.com, -",
        "*.example.com, foo.example.com, foo.example.com",
        "*.example.com, a.b.example.com, a.b.example.com",
        "*.example.com, example.com, -",
        "*.example.com, fooexample.com, -",
        "foo.example.com, *.example.com, foo.example.com",
        "example.com, *.example.com, -",
        "*.example.com, *.example.com, *.example.com",
        "*.example.com, *.foo.example.com, *.foo.example.com",
        "*.foo.example.com, *.example.com, *.foo.example.com",
        "*.example.com, *.example.org, -",
        "*.com, *.example.com, *.example.com",
      })
  void intersectsTwoHostnames(String listener, String route, String expected) {
    assertThat(Hostnames.intersect(listener, route)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void routeWithoutHostnamesTakesTheListenerHostname() {
    assertThat(Hostnames.intersect(Optional.of("a.example.com"), List.of()))
        .contains(List.of("a.example.com"));
    assertThat(Hostnames.intersect(Optional.empty(), List.of())).contains(List.of());
  }

  @Test
  void listenerWithoutHostnameKeepsTheRouteHostnamesOnce() {
    assertThat(Hostnames.intersect(Optional.empty(), List.of("a.com", "*.b.com", "a.com")))
        .contains(List.of("a.com", "*.b.com"));
  }

  @Test
  void listsOnlyCommonHostnamesWithoutDuplicates() {
    assertThat(
            Hostnames.intersect(
                Optional.of("*.example.com"),
                List.of("x.example.com", "other.org", "*.com", "*.example.com")))
        .contains(List.of("x.example.com", "*.example.com"));
    assertThat(Hostnames.intersect(Optional.of("*.example.com"), List.of("example.com"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"example.com", "*.example.com", "a-b.c1.io", "localhost"})
  void acceptsValidHostnames(String hostname) {
    assertThat(Hostnames.validate(hostname)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "Example.com",
    "*.*.example.com",
    "foo.*.com",
    "-a.com",
    "a..com",
    "10.0.0.1",
    "::1",
    "a_b.com"
  })
  void rejectsInvalidHostnames(String hostname) {
    assertThat(Hostnames.validate(hostname)).get().asString().contains(hostname);
  }
}
