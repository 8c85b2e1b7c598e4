package dev.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoHeaderNamesTest {

  @Test
  void canonicalizesLikeGo() {
    assertThat(GoHeaderNames.canonical("x-forwarded-for")).isEqualTo("X-Forwarded-For");
    assertThat(GoHeaderNames.canonical("USER-AGENT")).isEqualTo("User-Agent");
    assertThat(GoHeaderNames.canonical("x-header-add-append")).isEqualTo("X-Header-Add-Append");
    assertThat(GoHeaderNames.canonical("content-length")).isEqualTo("Content-Length");
    assertThat(GoHeaderNames.canonical("a--b")).isEqualTo("A--B");
  }

  @Test
  void leavesNamesWithNonTokenCharactersAlone() {
    assertThat(GoHeaderNames.canonical("bad name")).isEqualTo("bad name");
    assertThat(GoHeaderNames.canonical("x-\u00e9t\u00e9")).isEqualTo("x-\u00e9t\u00e9");
  }
}
