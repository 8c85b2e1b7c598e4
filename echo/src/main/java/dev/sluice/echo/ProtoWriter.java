package dev.sluice.echo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the few protobuf wire-format constructs the gRPC echo needs: length-delimited fields
 * (strings, bytes, embedded messages). Proto3 semantics: empty strings are left out. Not
 * thread-safe; one instance per message.
 */
final class ProtoWriter {

  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A {@code string} field; omitted when empty, as proto3 does for default values. */
  ProtoWriter string(int field, String value) {
    return value.isEmpty() ? this : bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code bytes} (or raw {@code string}) field, written even when empty. */
  ProtoWriter bytes(int field, byte[] value) {
    varint(((long) field << 3) | LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  /** An embedded message field, written even when the message is empty (a set sub-message). */
  ProtoWriter message(int field, ProtoWriter message) {
    return bytes(field, message.toByteArray());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void varint(long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }
}
