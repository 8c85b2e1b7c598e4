package dev.sluice.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic mutations of raw HTTP/1.1 requests for {@link RequestFuzzTest}: byte flips,
 * inserted separator bytes, duplicated or removed header lines, tampered chunk sizes, truncation.
 * Not thread-safe (one {@link Random} per fuzzer).
 */
final class FuzzMutator {

  private static final byte[] INSERTS = {'\r', '\n', 0, ' ', ':', '\t'};
  private static final String[] CHUNK_SIZES = {
    "0x5", "-1", "+5", "", "ffffffffffffffffff", "5 ", "5;", "5\n", "A", "0", "00000000000000005"
  };

  private final Random random;

  FuzzMutator(long seed) {
    random = new Random(seed);
  }

  /** One to three mutations of {@code seed}. */
  byte[] mutate(byte[] seed) {
    byte[] out = seed;
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      out = once(out);
    }
    return out;
  }

  private byte[] once(byte[] in) {
    return switch (random.nextInt(6)) {
      case 0 -> flip(in);
      case 1 -> insert(in, INSERTS[random.nextInt(INSERTS.length)]);
      case 2 -> editHeaderLine(in, true);
      case 3 -> editHeaderLine(in, false);
      case 4 -> tamperChunkSize(in);
      default -> in.length == 0 ? in : java.util.Arrays.copyOf(in, random.nextInt(in.length));
    };
  }

  private byte[] flip(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    byte[] out = in.clone();
    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  private byte[] insert(byte[] in, byte b) {
    int at = random.nextInt(in.length + 1);
    byte[] out = new byte[in.length + 1];
    System.arraycopy(in, 0, out, 0, at);
    out[at] = b;
    System.arraycopy(in, at, out, at + 1, in.length - at);
    return out;
  }

  /** Duplicates ({@code duplicate}) or removes one header line of the head, if it has any. */
  private byte[] editHeaderLine(byte[] in, boolean duplicate) {
    String text = new String(in, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      return in;
    }
    List<String> lines = new ArrayList<>(List.of(text.substring(0, headEnd).split("\r\n", -1)));
    if (lines.size() < 2) {
      return in;
    }
    int pick = 1 + random.nextInt(lines.size() - 1);
    if (duplicate) {
      lines.add(pick, lines.get(pick));
    } else {
      lines.remove(pick);
    }
    return (String.join("\r\n", lines) + text.substring(headEnd))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Replaces the first hexadecimal chunk-size line of the body with a malformed or wrong size. */
  private byte[] tamperChunkSize(byte[] in) {
    String text = new String(in, StandardCharsets.ISO_8859_1);
    int bodyStart = text.indexOf("\r\n\r\n");
    if (bodyStart < 0 || !text.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
      return flip(in);
    }
    int lineStart = bodyStart + 4;
    int lineEnd = text.indexOf("\r\n", lineStart);
    if (lineEnd < 0) {
      return in;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, lineStart).getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(
        CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)].getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(text.substring(lineEnd).getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }
}
