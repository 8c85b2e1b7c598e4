package dev.sluice.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.ResourceSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests: every {@code golden/<case>.in.yaml} translates to {@code golden/<case>.out.yaml}.
 * Run with {@code -Dsluice.golden.update=true} to rewrite the expected files, then review the diff:
 * the goldens document what the translator does.
 */
class GoldenTest {

  private static final Path DIR = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("sluice.golden.update");

  /**
   * Gateways in cases whose name starts with {@code pool-} get addresses from a fixed pool, as
   * {@code --address-pool} would assign them.
   */
  private static final AddressPlan POOL =
      new AddressPlan(
          "0.0.0.0",
          Map.of(
              new ObjectRef("Gateway", "default", "first"), "127.0.0.10",
              new ObjectRef("Gateway", "default", "second"), "127.0.0.11"));

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".in.yaml"))
              .map(n -> n.substring(0, n.length() - ".in.yaml".length()))
              .sorted()
              .toList();
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void translatesAsRecorded(String name) throws IOException {
    String input = Files.readString(DIR.resolve(name + ".in.yaml"), StandardCharsets.UTF_8);
    ResourceSet resources = TestResources.load(input, name + ".in.yaml");
    AddressPlan plan = name.startsWith("pool-") ? POOL : AddressPlan.DEFAULT;
    TranslationResult result = Translator.translate(resources, plan);
    String actual = GoldenYaml.write(result);

    assertThat(Translator.translate(resources, plan))
        .as("same input, same output")
        .isEqualTo(result);
    Path expected = DIR.resolve(name + ".out.yaml");
    if (UPDATE) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
    }
    assertThat(expected).as("run with -Dsluice.golden.update=true to create it").exists();
    assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }
}
