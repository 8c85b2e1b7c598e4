package dev.sluice.conformance.harness;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slice of the DNS wire format (RFC 1035 §4) the UDPRoute checks need: a one-question query,
 * and a response with A records. Both the harness's DNS pod and the test client use it. Stateless.
 */
public final class DnsMessage {

  static final int TYPE_A = 1;
  private static final int CLASS_IN = 1;
  private static final int FLAG_RESPONSE = 0x8000;
  private static final int FLAG_RECURSION_DESIRED = 0x0100;

  private DnsMessage() {}

  /**
   * One question of a query.
   *
   * @param id the transaction id
   * @param name the name asked for, dotted, without the trailing dot
   * @param type the record type
   * @param question the question section as sent (echoed in the answer)
   */
  public record Query(int id, String name, int type, byte[] question) {}

  /**
   * A parsed response.
   *
   * @param id the transaction id
   * @param isResponse the QR flag
   * @param rcode the response code (0 = NOERROR)
   * @param addresses the A records' addresses, dotted
   */
  public record Response(int id, boolean isResponse, int rcode, List<String> addresses) {}

  /** A recursive A query for {@code name} with transaction id {@code id}. */
  public static byte[] queryA(int id, String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort((short) id).putShort((short) FLAG_RECURSION_DESIRED).putShort((short) 1);
    out.writeBytes(header.array());
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.write(0);
    out.writeBytes(
        ByteBuffer.allocate(4).putShort((short) TYPE_A).putShort((short) CLASS_IN).array());
    return out.toByteArray();
  }

  /** The question of a query; empty when {@code packet} is not a one-question query. */
  public static Optional<Query> parseQuery(byte[] packet) {
    try {
      ByteBuffer in = ByteBuffer.wrap(packet);
      int id = in.getShort() & 0xffff;
      int flags = in.getShort() & 0xffff;
      if ((flags & FLAG_RESPONSE) != 0 || (in.getShort() & 0xffff) != 1) {
        return Optional.empty();
      }
      in.position(12);
      String name = readName(in);
      int type = in.getShort() & 0xffff;
      in.getShort();
      byte[] question = java.util.Arrays.copyOfRange(packet, 12, in.position());
      return Optional.of(new Query(id, name, type, question));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The response to {@code query}: one A record of {@code address} when it asks for A. */
  public static byte[] answerA(Query query, byte[] address) {
    boolean answers = query.type() == TYPE_A;
    ByteBuffer out = ByteBuffer.allocate(12 + query.question().length + (answers ? 16 : 0));
    out.putShort((short) query.id())
        .putShort((short) (FLAG_RESPONSE | FLAG_RECURSION_DESIRED | 0x0400))
        .putShort((short) 1)
        .putShort((short) (answers ? 1 : 0))
        .putShort((short) 0)
        .putShort((short) 0)
        .put(query.question());
    if (answers) {
      // a pointer to the question's name at offset 12, then type, class, TTL and the address
      out.putShort((short) 0xc00c).putShort((short) TYPE_A).putShort((short) CLASS_IN);
      out.putInt(30).putShort((short) 4).put(address);
    }
    return out.array();
  }

  /** Parses a response; fails with an exception naming what is malformed. */
  public static Response parseResponse(byte[] packet) {
    ByteBuffer in = ByteBuffer.wrap(packet);
    int id = in.getShort() & 0xffff;
    int flags = in.getShort() & 0xffff;
    int questions = in.getShort() & 0xffff;
    int answers = in.getShort() & 0xffff;
    in.position(12);
    for (int i = 0; i < questions; i++) {
      readName(in);
      in.position(in.position() + 4);
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < answers; i++) {
      readName(in);
      int type = in.getShort() & 0xffff;
      in.getShort();
      in.getInt();
      byte[] data = new byte[in.getShort() & 0xffff];
      in.get(data);
      if (type == TYPE_A && data.length == 4) {
        addresses.add(
            (data[0] & 0xff)
                + "."
                + (data[1] & 0xff)
                + "."
                + (data[2] & 0xff)
                + "."
                + (data[3] & 0xff));
      }
    }
    return new Response(id, (flags & FLAG_RESPONSE) != 0, flags & 0xf, addresses);
  }

  /** Reads a name (labels, or a compression pointer, which ends it). */
  private static String readName(ByteBuffer in) {
    StringBuilder name = new StringBuilder();
    while (true) {
      int length = in.get() & 0xff;
      if (length == 0) {
        break;
      }
      if ((length & 0xc0) == 0xc0) {
        in.get();
        name.append(name.isEmpty() ? "" : ".").append("<pointer>");
        break;
      }
      byte[] label = new byte[length];
      in.get(label);
      name.append(name.isEmpty() ? "" : ".").append(new String(label, StandardCharsets.US_ASCII));
    }
    return name.toString();
  }
}
