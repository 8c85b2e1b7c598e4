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
  public static final int RST_STREAM = 3;
  public static final int SETTINGS = 4;
  public static final int PING = 6;
  public static final int GOAWAY = 7;
  public static final int WINDOW_UPDATE = 8;
  public static final int CONTINUATION = 9;
  public static final int END_STREAM = 0x1;
  public static final int END_HEADERS = 0x4;

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
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
    out = socket.getOutputStream();
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  /** A GET request's headers for {@code path}. */
  public static Http2Headers get(String path) {
    return new DefaultHttp2Headers(false, false, 16)
        .method("GET")
        .scheme("http")
        .authority("h2.test")
        .path(path);
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

  /** Reads the next frame, or empty once the server closed the connection. */
  public Optional<Frame> read() throws IOException {
    try {
      int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7fffffff;
      byte[] payload = new byte[length];
      in.readFully(payload);
      return Optional.of(new Frame(type, flags, stream, payload));
    } catch (EOFException | SocketException e) {
      return Optional.empty();
    }
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
