package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.source.LoadResult;
import dev.sluice.source.YamlResources;
import dev.sluice.source.folder.FolderSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the translator with structurally mutated configs (the golden inputs, with fields removed,
 * values swapped for hostile ones, list entries duplicated and subtrees moved), loaded by the
 * folder source: translating never throws, is deterministic, and its IR serializes (the IR records
 * validate themselves when built). Time and seed come from {@code -Dsluice.fuzz.seconds}, {@code
 * -Dsluice.fuzz.seed} and {@code -Dsluice.fuzz.iterations} (default 5 s). A failing input is saved
 * under {@code target/fuzz-failures/}; commit it to {@code src/test/resources/fuzz/regressions/}.
 */
class TranslatorFuzzTest {

  private static final Path SEEDS = Path.of("src/test/resources/golden");
  private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz/regressions");

  @TempDir Path dir;

  static Stream<Path> regressions() throws IOException {
    List<Path> files = files(REGRESSIONS, ".yaml");
    return files.isEmpty() ? Stream.of(SEEDS.resolve("basic.in.yaml")) : files.stream();
  }

  @ParameterizedTest
  @MethodSource("regressions")
  void committedInputsTranslate(Path input) throws IOException {
    check(Files.readString(input, StandardCharsets.UTF_8));
  }

  @Test
  void mutatedConfigsNeverBreakTheTranslator() throws IOException {
    List<String> seeds = new ArrayList<>();
    for (Path seed : files(SEEDS, ".in.yaml")) {
      seeds.add(Files.readString(seed, StandardCharsets.UTF_8));
    }
    long budgetMillis =
        (long) (Double.parseDouble(System.getProperty("sluice.fuzz.seconds", "5")) * 1000);
    long base = Long.getLong("sluice.fuzz.seed", 0x5101CEL);
    long iterations = Long.getLong("sluice.fuzz.iterations", Long.MAX_VALUE);
    long deadline = System.nanoTime() + Duration.ofMillis(budgetMillis).toNanos();
    long runs = 0;
    for (long i = 0; i < iterations && System.nanoTime() < deadline; i++, runs++) {
      long seed = base + i;
      String input = new ConfigMutator(new SplittableRandom(seed), seeds).next();
      try {
        check(input);
      } catch (Throwable e) {
        Path saved = Path.of("target/fuzz-failures/translator-" + seed + ".yaml");
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, input, StandardCharsets.UTF_8);
        String message =
            "seed %d (replay: -Dsluice.fuzz.seed=%d -Dsluice.fuzz.iterations=1), input saved to %s";
        fail(message.formatted(seed, seed, saved), e);
      }
    }
    assertThat(runs).as("iterations run").isPositive();
  }

  private void check(String input) throws IOException {
    Files.writeString(dir.resolve("fuzz.yaml"), input, StandardCharsets.UTF_8);
    LoadResult load = new FolderSource(List.of(dir)).load();
    TranslationResult first = Translator.translate(load.resources(), AddressPlan.DEFAULT);
    TranslationResult second = Translator.translate(load.resources(), AddressPlan.DEFAULT);
    assertThat(second).as("same input, same output").isEqualTo(first);
    assertThat(YamlResources.toJson(first.ir())).isNotEmpty();
    first.statuses().forEach(s -> assertThat(s.getMetadata().getName()).isNotNull());
    first.problems().forEach(p -> assertThat(p.object()).as("object of %s", p).isPresent());
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
