package dev.sluice.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Hand-made TLS ClientHellos (a version and cipher suites the test picks, which no TLS library
 * would offer any more) and the server's first answer, read from the raw socket. Stateless.
 */
final class TlsClientHello {

  static final int SSL3 = 0x0300;
  static final int TLS10 = 0x0301;
  static final int TLS11 = 0x0302;
  static final int TLS12 = 0x0303;

  /** TLS alert descriptions the tests expect. */
  static final int HANDSHAKE_FAILURE = 40;

  static final int PROTOCOL_VERSION = 70;
  static final int INSUFFICIENT_SECURITY = 71;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The server's first record in answer to a ClientHello. */
  sealed interface Answer {
    /** The server accepted: the version and suite it chose. */
    record ServerHello(int version, int cipherSuite) implements Answer {}

    /** The server refused with an alert. */
    record Alert(int level, int description) implements Answer {}

    /** The server closed (or reset) without a record. */
    record Closed() implements Answer {}
  }

  private TlsClientHello() {}

  /** A ClientHello (no {@code supported_versions}, so {@code version} is what is offered). */
  static byte[] of(int version, Optional<String> sni, int... suites) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    u16(body, version);
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    u16(body, suites.length * 2);
    for (int suite : suites) {
      u16(body, suite);
    }
    body.write(1);
    body.write(0); // null compression only
    byte[] extensions = extensions(sni);
    u16(body, extensions.length);
    body.writeBytes(extensions);
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.write(0x16);
    u16(record, Math.min(version, TLS10)); // record layer version as real clients send it
    u16(record, hello.length + 4);
    record.write(0x01); // client_hello
    record.write(hello.length >>> 16);
    u16(record, hello.length & 0xFFFF);
    record.writeBytes(hello);
    return record.toByteArray();
  }

  private static byte[] extensions(Optional<String> sni) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sni.ifPresent(
        name -> {
          byte[] host = name.getBytes(StandardCharsets.US_ASCII);
          extension(out, 0x0000, 2 + 3 + host.length);
          u16(out, 3 + host.length);
          out.write(0);
          u16(out, host.length);
          out.writeBytes(host);
        });
    int[] groups = {0x001d, 0x0017, 0x0018};
    extension(out, 0x000a, 2 + groups.length * 2);
    u16(out, groups.length * 2);
    for (int group : groups) {
      u16(out, group);
    }
    extension(out, 0x000b, 2);
    out.write(1);
    out.write(0); // uncompressed points
    int[] signatures = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0201, 0x0203};
    extension(out, 0x000d, 2 + signatures.length * 2);
    u16(out, signatures.length * 2);
    for (int signature : signatures) {
      u16(out, signature);
    }
    extension(out, 0xff01, 1);
    out.write(0); // empty renegotiation_info
    return out.toByteArray();
  }

  /** Sends {@code hello} on a fresh connection to {@code port} and reads the first record. */
  static Answer exchange(int port, byte[] hello) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(hello);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  /** The first record the server sent on {@code in}. */
  static Answer read(InputStream in) throws IOException {
    try {
      byte[] header = in.readNBytes(5);
      if (header.length < 5) {
        return new Answer.Closed();
      }
      int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
      byte[] payload = in.readNBytes(Math.min(length, 1 << 14));
      if (header[0] == 0x15 && payload.length >= 2) {
        return new Answer.Alert(payload[0], payload[1] & 0xFF);
      }
      if (header[0] == 0x16 && payload.length >= 39 && payload[0] == 0x02) {
        int version = ((payload[4] & 0xFF) << 8) | (payload[5] & 0xFF);
        int at = 38 + 1 + (payload[38] & 0xFF);
        return new Answer.ServerHello(
            version, ((payload[at] & 0xFF) << 8) | (payload[at + 1] & 0xFF));
      }
      throw new AssertionError("unexpected first record of type " + header[0]);
    } catch (SocketException e) {
      return new Answer.Closed(); // reset
    }
  }

  private static void extension(ByteArrayOutputStream out, int type, int length) {
    u16(out, type);
    u16(out, length);
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value & 0xFF);
  }
}
