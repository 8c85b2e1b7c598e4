package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.source.LoadResult;
import dev.sluice.source.ResourceSet;
import dev.sluice.source.folder.FolderSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A translation with a {@link TranslationMemo} equals one without, whatever changed since the
 * memo's previous translation, and it reuses the routes that did not change. The configs are the
 * golden inputs with one document per file, read by one folder source (which hands out the same
 * objects while a file is unchanged), edited step by step: routes added, changed, removed and
 * mutated, and objects other than routes changed.
 */
class TranslationMemoTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TempDir Path dir;

  static Stream<String> goldenInputs() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".in.yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("goldenInputs")
  void editsGiveWhatAFullTranslationGives(String input) throws IOException {
    List<Path> files = split(Files.readString(GOLDEN.resolve(input)));
    FolderSource source = new FolderSource(List.of(dir));
    TranslationMemo memo = new TranslationMemo();

    check(source, memo, "as read");
    check(source, memo, "unchanged");
    for (Path file : files) {
      String original = Files.readString(file);
      if (original.contains("Route\n")) {
        Files.writeString(file, original.replace("name: ", "name: renamed-"));
        check(source, memo, "renamed in " + file.getFileName());
        Files.writeString(dir.resolve("copy-" + file.getFileName()), original);
        Files.writeString(file, original);
        check(source, memo, "copied " + file.getFileName());
        Files.delete(dir.resolve("copy-" + file.getFileName()));
        check(source, memo, "copy of " + file.getFileName() + " deleted");
      } else {
        Files.delete(file);
        check(source, memo, "deleted " + file.getFileName());
        Files.writeString(file, original);
        check(source, memo, "restored " + file.getFileName());
      }
    }
  }

  /**
   * Edits one kind of object after the other in configs that use them all (HTTPS listeners with
   * Secrets, cross-namespace references with ReferenceGrants, ListenerSets, Services and
   * EndpointSlices): routes added, changed and removed, listener ports moved, certificates broken,
   * grants withdrawn, Service ports changed, Gateways removed. After each edit the memoised
   * translation equals a fresh one.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https.in.yaml",
        "backend-refs.in.yaml",
        "listener-sets.in.yaml",
        "tcp-udp.in.yaml"
      })
  void editsOfEveryKindGiveWhatAFullTranslationGives(String input) throws IOException {
    List<Path> files = split(Files.readString(GOLDEN.resolve(input)));
    FolderSource source = new FolderSource(List.of(dir));
    TranslationMemo memo = new TranslationMemo();
    check(source, memo, "as read");
    Path route = files.stream().filter(f -> kindOf(f).endsWith("Route")).findFirst().orElseThrow();
    Files.writeString(dir.resolve("added.yaml"), contents(route).replace("name: ", "name: added-"));
    check(source, memo, "route added");
    Files.writeString(route, contents(route).replaceFirst("port: (\\d+)", "port: 8$1"));
    check(source, memo, "route changed");
    Files.delete(dir.resolve("added.yaml"));
    check(source, memo, "route removed");
    for (String kind :
        List.of("Secret", "ReferenceGrant", "Service", "EndpointSlice", "ListenerSet", "Gateway")) {
      for (Path file : files.stream().filter(f -> kindOf(f).equals(kind)).toList()) {
        Files.writeString(file, edited(kind, contents(file)));
        check(source, memo, kind + " edited in " + file.getFileName());
      }
    }
    for (Path file : files.stream().filter(f -> kindOf(f).equals("Gateway")).toList()) {
      Files.delete(file);
      check(source, memo, "Gateway deleted: " + file.getFileName());
    }
  }

  /** A change that matters to translation: a broken certificate, a moved port, a narrower grant. */
  private static String edited(String kind, String yaml) {
    return switch (kind) {
      case "Secret" -> yaml.replace("MII", "MIJ").replace("LS0t", "LS1t");
      case "ReferenceGrant" -> yaml.replace("kind: Service", "kind: Secret");
      default -> yaml.replaceFirst("port: (\\d+)", "port: 1$1");
    };
  }

  private static String kindOf(Path file) {
    return contents(file)
        .lines()
        .filter(l -> l.startsWith("kind: "))
        .findFirst()
        .map(l -> l.substring("kind: ".length()).strip())
        .orElse("");
  }

  @Test
  void unchangedRoutesAreReusedUntilSomethingElseChanges() throws IOException {
    List<Path> files = split(Files.readString(GOLDEN.resolve("basic.in.yaml")));
    FolderSource source = new FolderSource(List.of(dir));
    TranslationMemo memo = new TranslationMemo();
    TranslationResult first = check(source, memo, "first");

    Path newer =
        files.stream().filter(f -> contents(f).contains("name: a-newer")).findFirst().get();
    Files.writeString(newer, contents(newer).replace("/health", "/healthz"));
    TranslationResult second = check(source, memo, "a-newer changed");

    assertThat(route(second, "b-older")).isSameAs(route(first, "b-older"));
    assertThat(route(second, "a-newer")).isNotSameAs(route(first, "a-newer"));

    Path service =
        files.stream().filter(f -> contents(f).contains("kind: Service")).findFirst().get();
    Files.writeString(service, contents(service) + "  sessionAffinity: None\n");
    TranslationResult third = check(source, memo, "a Service changed");

    assertThat(route(third, "b-older")).isEqualTo(route(second, "b-older"));
    assertThat(route(third, "b-older")).isNotSameAs(route(second, "b-older"));
  }

  @Test
  void mutatedRoutesGiveWhatAFullTranslationGives() throws IOException {
    List<String> seeds = new ArrayList<>();
    try (Stream<Path> golden = Files.list(GOLDEN)) {
      for (Path seed : golden.filter(f -> f.toString().endsWith(".in.yaml")).sorted().toList()) {
        seeds.add(Files.readString(seed));
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    long base = Long.getLong("sluice.fuzz.seed", 0x5101CEL);
    int runs = 0;
    for (long seed = base; System.nanoTime() < deadline; seed++, runs++) {
      SplittableRandom random = new SplittableRandom(seed);
      clear();
      List<Path> files = split(seeds.get(random.nextInt(seeds.size())));
      FolderSource source = new FolderSource(List.of(dir));
      TranslationMemo memo = new TranslationMemo();
      try {
        check(source, memo, "as read");
        for (int step = 0; step < 4 && !files.isEmpty(); step++) {
          Path file = files.get(random.nextInt(files.size()));
          String mutant = new ConfigMutator(random, List.of(contents(file))).next();
          Files.writeString(file, mutant);
          check(source, memo, "step " + step + ", " + file.getFileName());
        }
      } catch (AssertionError | RuntimeException e) {
        fail("seed %d (replay: -Dsluice.fuzz.seed=%d)".formatted(seed, seed), e);
      }
    }
    assertThat(runs).as("runs").isPositive();
  }

  /** Translates the folder with the memo and without, and asserts that both agree. */
  private static TranslationResult check(FolderSource source, TranslationMemo memo, String step) {
    LoadResult load = source.load();
    ResourceSet resources = load.resources();
    TranslationResult withMemo = Translator.translate(resources, AddressPlan.DEFAULT, memo);
    TranslationResult full = Translator.translate(resources, AddressPlan.DEFAULT);
    assertThat(withMemo).as(step).isEqualTo(full);
    return withMemo;
  }

  private static HasMetadata route(TranslationResult result, String name) {
    return result.statuses().stream()
        .filter(s -> s.getKind().equals("HTTPRoute") && s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Writes each document of {@code yaml} to a file of its own. */
  private List<Path> split(String yaml) throws IOException {
    List<Path> files = new ArrayList<>();
    String[] documents = yaml.split("(?m)^---\\s*$");
    for (int i = 0; i < documents.length; i++) {
      if (documents[i].isBlank()) {
        continue;
      }
      Path file = dir.resolve("doc-%02d.yaml".formatted(i));
      Files.writeString(file, documents[i].strip() + "\n", StandardCharsets.UTF_8);
      files.add(file);
    }
    return files;
  }

  private void clear() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private static String contents(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
