package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A raw HTTP/2 prior-knowledge client over a plain socket: writes hand-made frames (headers
 * HPACK-encoded by Netty's encoder) and reads frames back one by one, so tests can send exactly the
 * abusive sequences they need. Not thread-safe.
 */
public final class RawH2 implements AutoCloseable {

  public static final int DATA = 0;
  public static final int HEADERS = 1;
  public static final int PRIORITY = 2;
  public static final int RST_STREAM = 3;
  public static final int SETTINGS = 4;
  public static final int PING = 6;
  public static final int GOAWAY = 7;
  public static final int WINDOW_UPDATE = 8;
  public static final int CONTINUATION = 9;
  public static final int END_STREAM = 0x1;
  public static final int END_HEADERS = 0x4;
  public static final int ACK = 0x1;

  /** Error codes of RFC 9113 §7. */
  public static final long NO_ERROR = 0x0;

  public static final long PROTOCOL_ERROR = 0x1;
  public static final long FLOW_CONTROL_ERROR = 0x3;
  public static final long STREAM_CLOSED = 0x5;
  public static final long FRAME_SIZE_ERROR = 0x6;
  public static final long REFUSED_STREAM = 0x7;
  public static final long CANCEL = 0x8;
  public static final long COMPRESSION_ERROR = 0x9;
  public static final long ENHANCE_YOUR_CALM = 0xb;

  /** One frame read from the server. */
  public record Frame(int type, int flags, int stream, byte[] payload) {
    /** The error code of a GOAWAY or RST_STREAM frame. */
    public long errorCode() {
      int at = type == GOAWAY ? 4 : 0;
      return ((payload[at] & 0xffL) << 24)
          | ((payload[at + 1] & 0xff) << 16)
          | ((payload[at + 2] & 0xff) << 8)
          | (payload[at + 3] & 0xff);
    }

    /** A 32-bit big-endian value at {@code offset} of the payload. */
    public long u32(int offset) {
      return ((payload[offset] & 0x7fL) << 24)
          | ((payload[offset + 1] & 0xff) << 16)
          | ((payload[offset + 2] & 0xff) << 8)
          | (payload[offset + 3] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();

  /** Connects and sends the connection preface with an empty SETTINGS frame. */
  public RawH2(int port) throws IOException {
    this(port, 0);
  }

  /** As {@link #RawH2(int)}, with a small receive buffer when {@code receiveBuffer > 0}. */
  public RawH2(int port, int receiveBuffer) throws IOException {
    this(open(port, receiveBuffer), true);
  }

  /**
   * Speaks HTTP/2 on an already connected socket (a TLS socket that negotiated {@code h2}, or a
   * cleartext one after {@code 101 Switching Protocols}); sends the connection preface with an
   * empty SETTINGS frame when {@code preface} is true, nothing otherwise (then {@link #rawWrite}
   * can send anything in its place).
   */
  public RawH2(Socket connected, boolean preface) throws IOException {
    socket = connected;
    socket.setSoTimeout(10_000);
    in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
    out = socket.getOutputStream();
    if (preface) {
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      frame(SETTINGS, 0, 0, new byte[0]);
    }
  }

  private static Socket open(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    return socket;
  }

  /** A GET request's headers for {@code path}. */
  public static Http2Headers get(String path) {
    return new DefaultHttp2Headers(false, false, 16)
        .method("GET")
        .scheme("http")
        .authority("h2.test")
        .path(path);
  }

  /** How long {@link #read()} waits for a byte before it throws {@code SocketTimeoutException}. */
  public void readTimeout(java.time.Duration timeout) throws SocketException {
    socket.setSoTimeout((int) timeout.toMillis());
  }

  /** Writes one frame. */
  public void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] header = new byte[9];
    header[0] = (byte) (payload.length >>> 16);
    header[1] = (byte) (payload.length >>> 8);
    header[2] = (byte) payload.length;
    header[3] = (byte) type;
    header[4] = (byte) flags;
    header[5] = (byte) (stream >>> 24);
    header[6] = (byte) (stream >>> 16);
    header[7] = (byte) (stream >>> 8);
    header[8] = (byte) stream;
    out.write(header);
    out.write(payload);
    out.flush();
  }

  /** Writes bytes as they are (many frames at once). */
  public void rawWrite(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The HPACK block of {@code headers} (the encoder's dynamic table is updated). */
  public byte[] encode(Http2Headers headers) {
    ByteBuf buf = Unpooled.buffer();
    try {
      hpack.encodeHeaders(1, headers, buf);
      return ByteBufUtil.getBytes(buf);
    } catch (io.netty.handler.codec.http2.Http2Exception e) {
      throw new IllegalStateException(e);
    } finally {
      buf.release();
    }
  }

  /** Writes a complete HEADERS frame. */
  public void headers(int stream, Http2Headers headers, boolean endStream) throws IOException {
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, encode(headers));
  }

  /** Writes RST_STREAM(CANCEL). */
  public void reset(int stream) throws IOException {
    frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8});
  }

  /** Writes a SETTINGS frame with {@code idValuePairs} (identifier, value, identifier, …). */
  public void settings(long... idValuePairs) throws IOException {
    byte[] payload = new byte[idValuePairs.length / 2 * 6];
    for (int i = 0; i + 1 < idValuePairs.length; i += 2) {
      int at = i / 2 * 6;
      payload[at] = (byte) (idValuePairs[i] >>> 8);
      payload[at + 1] = (byte) idValuePairs[i];
      putU32(payload, at + 2, idValuePairs[i + 1]);
    }
    frame(SETTINGS, 0, 0, payload);
  }

  /** Acknowledges the server's SETTINGS. */
  public void settingsAck() throws IOException {
    frame(SETTINGS, ACK, 0, new byte[0]);
  }

  /** Writes WINDOW_UPDATE with {@code increment} (0 and values over 2^31-1 are allowed here). */
  public void windowUpdate(int stream, long increment) throws IOException {
    byte[] payload = new byte[4];
    putU32(payload, 0, increment);
    frame(WINDOW_UPDATE, 0, stream, payload);
  }

  /** Writes PRIORITY making {@code stream} depend on {@code dependency}. */
  public void priority(int stream, int dependency, boolean exclusive, int weight)
      throws IOException {
    byte[] payload = new byte[5];
    putU32(payload, 0, (exclusive ? 0x80000000L : 0) | dependency);
    payload[4] = (byte) weight;
    frame(PRIORITY, 0, stream, payload);
  }

  /** Writes RST_STREAM with {@code errorCode}. */
  public void reset(int stream, long errorCode) throws IOException {
    byte[] payload = new byte[4];
    putU32(payload, 0, errorCode);
    frame(RST_STREAM, 0, stream, payload);
  }

  /** Writes a DATA frame. */
  public void data(int stream, byte[] bytes, boolean endStream) throws IOException {
    frame(DATA, endStream ? END_STREAM : 0, stream, bytes);
  }

  /**
   * An HPACK block of literal fields without indexing and without Huffman coding, in exactly the
   * given order and case ({@code name, value, name, value, …}), so tests can send what an encoder
   * would refuse: upper-case names, pseudo-headers after regular ones, duplicates.
   */
  public static byte[] literals(String... nameValuePairs) {
    java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
    for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
      block.write(0x00);
      string(block, nameValuePairs[i]);
      string(block, nameValuePairs[i + 1]);
    }
    return block.toByteArray();
  }

  /** An HPACK dynamic table size update to {@code size} (RFC 7541 §6.3). */
  public static byte[] tableSizeUpdate(int size) {
    java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
    integer(block, 0x20, 5, size);
    return block.toByteArray();
  }

  /** The byte arrays one after another. */
  public static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  private static void string(java.io.ByteArrayOutputStream block, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    integer(block, 0x00, 7, bytes.length);
    block.writeBytes(bytes);
  }

  /** An HPACK integer (RFC 7541 §5.1) with an {@code prefixBits}-bit prefix after {@code mask}. */
  private static void integer(
      java.io.ByteArrayOutputStream block, int mask, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      block.write(mask | value);
      return;
    }
    block.write(mask | max);
    int rest = value - max;
    while (rest >= 0x80) {
      block.write((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    block.write(rest);
  }

  private static void putU32(byte[] to, int at, long value) {
    to[at] = (byte) (value >>> 24);
    to[at + 1] = (byte) (value >>> 16);
    to[at + 2] = (byte) (value >>> 8);
    to[at + 3] = (byte) value;
  }

  /** Reads the next frame, or empty once the server closed or reset the connection. */
  public Optional<Frame> read() throws IOException {
    try {
      return readOrEnd();
    } catch (EOFException | SocketException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the next frame, telling a clean end from a reset: empty when the server closed the
   * connection between frames; a reset ({@code SocketException}) or an end inside a frame ({@code
   * EOFException}) propagates.
   */
  public Optional<Frame> readOrEnd() throws IOException {
    int first = in.read();
    if (first < 0) {
      return Optional.empty();
    }
    int length = first << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return Optional.of(new Frame(type, flags, stream, payload));
  }

  /** Reads until a frame of {@code type} (empty if the connection closed first). */
  public Optional<Frame> readUntil(int type) throws IOException {
    for (Optional<Frame> f = read(); f.isPresent(); f = read()) {
      if (f.get().type() == type) {
        return f;
      }
    }
    return Optional.empty();
  }

  /**
   * Reads until a frame of one of {@code types} that concerns {@code stream} (GOAWAY always
   * matches); empty if the connection closed first.
   */
  public Optional<Frame> readUntil(int stream, int... types) throws IOException {
    for (Optional<Frame> f = read(); f.isPresent(); f = read()) {
      Frame frame = f.get();
      if (frame.type() == GOAWAY) {
        return f;
      }
      for (int type : types) {
        if (frame.type() == type && frame.stream() == stream) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  /** Reads (and drops) frames until the server closes the connection; false on timeout. */
  public boolean closedByPeer() throws IOException {
    try {
      while (read().isPresent()) {
        // drain
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
