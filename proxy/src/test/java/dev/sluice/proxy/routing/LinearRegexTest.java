package dev.sluice.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearRegexTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"/items/[0-9]+", "^(a|b)$", "/v[0-9]{1,3}/users/[^/]+/.*", "\\p{L}+", "(?i)abc"})
  void ordinaryExpressionsCompileWithinTheBudget(String regex) {
    assertThat(LinearRegex.compile(regex).programSize())
        .isLessThanOrEqualTo(LinearRegex.MAX_PROGRAM_SIZE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a{1000}){1000}", "((a{1000}){1000}){1000}", "[a-z]{1000}[0-9]{1000}"})
  void oversizedProgramsAreRejectedWithoutBuildingThem(String regex) {
    assertThatThrownBy(() -> LinearRegex.compile(regex))
        .isInstanceOf(PatternSyntaxException.class)
        .hasMessageContaining("exceeds the limit of " + LinearRegex.MAX_PROGRAM_SIZE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a)\\1", "(?=a)", "(?!a)", "(?<=a)b", "a++", "[z-a]"})
  void syntaxRe2DoesNotHaveIsRejected(String regex) {
    assertThatThrownBy(() -> LinearRegex.compile(regex)).isInstanceOf(PatternSyntaxException.class);
  }

  @Test
  void theEstimateIsAnUpperBoundOfTheRealSize() {
    for (String regex :
        new String[] {"/items/[0-9]+", "(ab|cd){3,5}x", "a{2}(b{3}c)*", "[\\]a]+\\d{4}", "x|y|z"}) {
      assertThat(dev.sluice.ir.RegexSize.estimateProgramSize(regex))
          .as(regex)
          .isGreaterThanOrEqualTo(LinearRegex.compile(regex).programSize() - 2L);
    }
  }
}
