package dev.sluice.echo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal protobuf reader for tests: length-delimited fields by number, varints skipped. */
record ProtoFields(Map<Integer, List<byte[]>> fields) {

  static ProtoFields parse(byte[] bytes) {
    Map<Integer, List<byte[]>> fields = new LinkedHashMap<>();
    int[] at = {0};
    while (at[0] < bytes.length) {
      long tag = varint(bytes, at);
      int field = (int) (tag >>> 3);
      int type = (int) (tag & 7);
      if (type == 0) {
        varint(bytes, at);
      } else if (type == 2) {
        int length = (int) varint(bytes, at);
        byte[] value = java.util.Arrays.copyOfRange(bytes, at[0], at[0] + length);
        at[0] += length;
        fields.computeIfAbsent(field, unused -> new ArrayList<>()).add(value);
      } else {
        throw new IllegalArgumentException("wire type " + type + " (expected: 0 or 2)");
      }
    }
    return new ProtoFields(fields);
  }

  String string(int field) {
    List<byte[]> values = fields.getOrDefault(field, List.of());
    return values.isEmpty() ? "" : new String(values.get(0), StandardCharsets.UTF_8);
  }

  List<String> strings(int field) {
    return fields.getOrDefault(field, List.of()).stream()
        .map(value -> new String(value, StandardCharsets.UTF_8))
        .toList();
  }

  ProtoFields message(int field) {
    List<byte[]> values = fields.getOrDefault(field, List.of());
    return parse(values.isEmpty() ? new byte[0] : values.get(0));
  }

  List<ProtoFields> messages(int field) {
    return fields.getOrDefault(field, List.of()).stream().map(ProtoFields::parse).toList();
  }

  boolean has(int field) {
    return fields.containsKey(field);
  }

  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }
}
