package dev.sluice.source.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.source.LoadResult;
import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
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
 * Fuzzes the folder source with mutated YAML (bounded by {@link FuzzBudget}): loading never throws,
 * every problem names the file it is about, loading the same bytes twice gives the same result, one
 * source loaded again after each mutation (parsing only what changed) reads what a fresh source
 * reads, and every object loaded has a name and a namespace where its kind needs one. A failing
 * input is saved under {@code target/fuzz-failures/}; commit it to {@code
 * src/test/resources/fuzz/regressions/} to keep it as a regular regression test.
 */
class FolderSourceFuzzTest {

  private static final Path SEEDS = Path.of("src/test/resources/fuzz/seeds");
  private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz/regressions");
  private static final Duration SLOW = Duration.ofSeconds(5);

  @TempDir Path dir;

  private FolderSource incremental; // loaded after every input of a test: its cache sees edits

  static Stream<Path> regressions() throws IOException {
    try (Stream<Path> files = Files.list(REGRESSIONS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("regressions")
  void committedInputsStillLoadCleanly(Path input) throws IOException {
    check(Files.readString(input, StandardCharsets.UTF_8));
  }

  @Test
  void mutatedYamlNeverBreaksTheLoader() throws IOException {
    List<String> seeds = new ArrayList<>();
    for (Path seed : files(SEEDS)) {
      seeds.add(Files.readString(seed, StandardCharsets.UTF_8));
    }
    for (Path regression : files(REGRESSIONS)) {
      seeds.add(Files.readString(regression, StandardCharsets.UTF_8));
    }
    FuzzBudget budget = FuzzBudget.fromSystemProperties();
    long deadline = System.nanoTime() + budget.time().toNanos();
    long runs = 0;
    for (long i = 0; i < budget.iterations() && System.nanoTime() < deadline; i++, runs++) {
      long seed = budget.seed() + i;
      String input = new YamlMutator(new SplittableRandom(seed), seeds).next();
      try {
        check(input);
      } catch (Throwable e) {
        Path saved = save(seed, input);
        fail(
            "seed %d (replay: -Dsluice.fuzz.seed=%d -Dsluice.fuzz.iterations=1), input saved"
                + " to %s".formatted(seed, seed, saved),
            e);
      }
    }
    assertThat(runs).as("iterations run").isPositive();
  }

  private void check(String input) throws IOException {
    Path file = dir.resolve("fuzz.yaml");
    Files.writeString(file, input, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    LoadResult first = new FolderSource(List.of(dir)).load();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("load time").isLessThan(SLOW);
    for (Problem problem : first.problems()) {
      assertThat(problem.location())
          .as("location of %s", problem)
          .hasValueSatisfying(l -> assertThat(l.file()).isEqualTo(file.toString()));
      assertThat(problem.location().orElseThrow().line()).as("line of %s", problem).isNotNegative();
    }
    first.resources().locations().keySet().forEach(FolderSourceFuzzTest::checkRef);
    assertThat(new FolderSource(List.of(dir)).load()).as("second load").isEqualTo(first);
    if (incremental == null) {
      incremental = new FolderSource(List.of(dir));
    }
    assertThat(incremental.load()).as("load of a source that read earlier inputs").isEqualTo(first);
  }

  private static void checkRef(ObjectRef ref) {
    assertThat(ref.name()).as("name of %s", ref).isNotBlank();
    boolean clusterScoped = ref.kind().equals("GatewayClass") || ref.kind().equals("Namespace");
    assertThat(ref.namespace().isEmpty()).as("namespace of %s", ref).isEqualTo(clusterScoped);
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static Path save(long seed, String input) throws IOException {
    Path saved = Path.of("target/fuzz-failures/folder-source-" + seed + ".yaml");
    Files.createDirectories(saved.getParent());
    Files.writeString(saved, input, StandardCharsets.UTF_8);
    return saved;
  }
}
