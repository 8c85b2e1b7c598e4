package dev.sluice.source.folder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small text-level mutation fuzzer for YAML: flips and deletes bytes, inserts YAML syntax and
 * hostile scalars, duplicates, swaps, re-indents and splices lines between seeds. Deterministic for
 * a given random source. Not thread-safe.
 */
final class YamlMutator {

  private static final String[] TOKENS = {
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!binary ",
    "!!int ",
    "!!str ",
    "!custom ",
    "---\n",
    "...\n",
    "\t",
    "\u0000",
    "\"",
    "'",
    "#",
    "? ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "-1",
    "0",
    "99999999999999999999",
    "1e999999",
    "0x1F",
    ".inf",
    "\r",
    "\uFEFF",
    "\u2028",
    "%YAML 1.1\n",
    "é",
    "\uD83D\uDE00",
    "kind: Gateway\n",
    "apiVersion: v1\n",
    "metadata: {name: x}\n",
    "  ",
    "\\",
    "&b [*a, *a, *a, *a]\n"
  };

  private static final String[] SCALARS = {
    "",
    "~",
    "null",
    "true",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "1.5",
    "0.5",
    "1e3",
    "\"\"",
    "'*'",
    "\"*.example.com\"",
    "a..b",
    "\"-\"",
    "65536",
    "1Gi",
    "99999Ei",
    "0s",
    "1h1h",
    "9999999h",
    "\"/../..\"",
    "\"/%2e%2e/\"",
    "\"(a+)+$\"",
    "\"x\\r\\nInjected: 1\"",
    "[]",
    "{}",
    "[1, 2]",
    "\"" + "a".repeat(300) + "\""
  };

  private final SplittableRandom random;
  private final List<String> seeds;

  YamlMutator(SplittableRandom random, List<String> seeds) {
    this.random = random;
    this.seeds = seeds;
  }

  /** A mutant of a random seed, with one to four mutations. */
  String next() {
    String text = seeds.get(random.nextInt(seeds.size()));
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      text = mutate(text);
    }
    return text;
  }

  private String mutate(String text) {
    if (text.isEmpty()) {
      return TOKENS[random.nextInt(TOKENS.length)];
    }
    int at = random.nextInt(text.length() + 1);
    return switch (random.nextInt(8)) {
      case 0 -> flip(text, Math.min(at, text.length() - 1));
      case 1 ->
          text.substring(0, at)
              + text.substring(Math.min(text.length(), at + 1 + random.nextInt(16)));
      case 2 -> text.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(at);
      case 3 -> lines(text, Op.DUPLICATE);
      case 4 -> lines(text, Op.SWAP);
      case 5 -> lines(text, Op.INDENT);
      case 6 -> lines(text, Op.SCALAR);
      default -> lines(text, Op.SPLICE);
    };
  }

  private String flip(String text, int at) {
    char c = (char) (text.charAt(at) ^ (1 << random.nextInt(7)));
    return text.substring(0, at) + c + text.substring(at + 1);
  }

  private enum Op {
    DUPLICATE,
    SWAP,
    INDENT,
    SCALAR,
    SPLICE
  }

  private String lines(String text, Op op) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int i = random.nextInt(lines.size());
    int j = random.nextInt(lines.size());
    switch (op) {
      case DUPLICATE -> lines.add(j, lines.get(i));
      case SWAP -> {
        String line = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, line);
      }
      case INDENT ->
          lines.set(
              i,
              random.nextBoolean()
                  ? "  " + lines.get(i)
                  : lines.get(i).replaceFirst("^ {1,2}", ""));
      case SCALAR -> {
        String line = lines.get(i);
        int colon = line.indexOf(": ");
        String value = SCALARS[random.nextInt(SCALARS.length)];
        lines.set(i, colon < 0 ? line + value : line.substring(0, colon + 2) + value);
      }
      case SPLICE -> {
        String[] other = seeds.get(random.nextInt(seeds.size())).split("\n", -1);
        int from = random.nextInt(other.length);
        int to = Math.min(other.length, from + 1 + random.nextInt(8));
        lines.addAll(j, Arrays.asList(other).subList(from, to));
      }
    }
    return String.join("\n", lines);
  }
}
