package dev.sluice.conformance.checks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the length-delimited fields of one protobuf message by hand (enough for the echo's {@code
 * EchoResponse}, whose fields are all strings or sub-messages). Varint and fixed-width fields are
 * skipped. Immutable after construction.
 */
final class ProtoReader {

  private final Map<Integer, List<byte[]>> fields = new LinkedHashMap<>();

  /** Parses {@code message}; throws {@link IllegalArgumentException} on malformed input. */
  ProtoReader(byte[] message) {
    int[] at = {0};
    while (at[0] < message.length) {
      long key = varint(message, at);
      int field = (int) (key >>> 3);
      switch ((int) (key & 7)) {
        case 0 -> varint(message, at);
        case 1 -> at[0] += 8;
        case 5 -> at[0] += 4;
        case 2 -> {
          int length = (int) varint(message, at);
          if (length < 0 || at[0] + length > message.length) {
            throw new IllegalArgumentException("field " + field + " overruns the message");
          }
          fields
              .computeIfAbsent(field, f -> new ArrayList<>())
              .add(Arrays.copyOfRange(message, at[0], at[0] + length));
          at[0] += length;
        }
        default -> throw new IllegalArgumentException("unsupported wire type in key " + key);
      }
    }
  }

  /** The first value of string field {@code number}, or empty. */
  String string(int number) {
    List<byte[]> values = fields.getOrDefault(number, List.of());
    return values.isEmpty() ? "" : new String(values.get(0), StandardCharsets.UTF_8);
  }

  /** The first value of message field {@code number}, parsed (an empty message if absent). */
  ProtoReader message(int number) {
    List<byte[]> values = fields.getOrDefault(number, List.of());
    return new ProtoReader(values.isEmpty() ? new byte[0] : values.get(0));
  }

  /** Every value of repeated message field {@code number}, parsed. */
  List<ProtoReader> messages(int number) {
    return fields.getOrDefault(number, List.of()).stream().map(ProtoReader::new).toList();
  }

  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 64 bits");
  }
}
