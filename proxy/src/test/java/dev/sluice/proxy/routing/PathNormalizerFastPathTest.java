package dev.sluice.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The no-copy path of {@link PathNormalizer} gives exactly what the general one gives. */
class PathNormalizerFastPathTest {

  private static final String ALPHABET = "ab/.;%2F9-_~ #\\";

  @Test
  void pathsTakenAsTheyAreAreWhatTheGeneralCaseMakesOfThem() {
    Random random = new Random(42);
    int fast = 0;
    for (int n = 0; n < 200_000; n++) {
      StringBuilder path = new StringBuilder("/");
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        path.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String p = path.toString();
      if (PathNormalizer.alreadyNormal(p)) {
        fast++;
        assertThat(PathNormalizer.decodeAndResolve(p)).as(p).contains(p);
      }
      assertThat(PathNormalizer.normalize(p)).as(p).isEqualTo(PathNormalizer.decodeAndResolve(p));
    }
    assertThat(fast).as("paths that took the fast path").isGreaterThan(1_000);
  }

  @Test
  void commonPathsAreAlreadyNormal() {
    assertThat(PathNormalizer.alreadyNormal("/")).isTrue();
    assertThat(PathNormalizer.alreadyNormal("/api/v1/users/42")).isTrue();
    assertThat(PathNormalizer.alreadyNormal("/static/app.min.js")).isTrue();
    assertThat(PathNormalizer.alreadyNormal("/a/")).isTrue();
  }

  @Test
  void anythingToResolveTakesTheGeneralPath() {
    assertThat(PathNormalizer.alreadyNormal("/a//b")).isFalse();
    assertThat(PathNormalizer.alreadyNormal("/a/./b")).isFalse();
    assertThat(PathNormalizer.alreadyNormal("/a/../b")).isFalse();
    assertThat(PathNormalizer.alreadyNormal("/a;x/b")).isFalse();
    assertThat(PathNormalizer.alreadyNormal("/a%2Fb")).isFalse();
    assertThat(PathNormalizer.alreadyNormal("/a b")).isFalse();
    assertThat(PathNormalizer.alreadyNormal("/.well-known/x")).isFalse();
  }
}
