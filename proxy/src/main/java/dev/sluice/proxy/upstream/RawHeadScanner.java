package dev.sluice.proxy.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads an upstream response head that can be forwarded as bytes: {@code HTTP/1.1}, a final status
 * other than 204 and 304 with a reason phrase, exactly one canonical Content-Length, no
 * Transfer-Encoding, strict CRLF lines of token names and visible-ASCII values, and Connection
 * naming nothing but {@code keep-alive} or {@code close}. Such a head is one Netty's strict decoder
 * accepts with the same meaning; anything else (obs-fold, bare CR or LF, control or non-ASCII
 * bytes, duplicate or odd lengths, chunked bodies, interim responses, long heads…) is left to
 * Netty's decoder, so malformed responses get exactly today's answer. The hop-by-hop fields that
 * {@code ProxyHeaders.removeHopByHop} would remove are dropped here. Stateless.
 */
final class RawHeadScanner {

  /** Longer heads go to Netty's decoder (well under its 8 KiB line and 16 KiB header limits). */
  static final int MAX_HEAD = 4096;

  private static final int FIRST_COPY = 512;

  /** More fields than this go to Netty's decoder. */
  private static final int MAX_FIELDS = 64;

  /** Netty's decoder must read this response. */
  static final Result NOT_SIMPLE = new Result(null, 0, 0);

  private static final byte[] VERSION = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  /** A scanned head: the response, the bytes it took, and its body length. */
  record Result(PassThroughResponse response, int headBytes, long contentLength) {}

  private RawHeadScanner() {}

  /**
   * Scans the head at {@code in}'s reader index without consuming anything. A head that has not
   * fully arrived goes to Netty's decoder too: it answers a malformed partial head as soon as the
   * bad line is complete, and a forwarded head is always whole in practice.
   */
  static Result scan(ByteBuf in) {
    int readable = Math.min(in.readableBytes(), MAX_HEAD);
    // One copy, then plain array work: most heads fit in the first 512 bytes.
    byte[] b = new byte[Math.min(readable, FIRST_COPY)];
    in.getBytes(in.readerIndex(), b);
    int end = endOfHead(b);
    if (end == -1 && readable > b.length) {
      b = new byte[readable];
      in.getBytes(in.readerIndex(), b);
      end = endOfHead(b);
    }
    return end < 0 ? NOT_SIMPLE : parse(b, end);
  }

  /**
   * The length of the head (through its empty line) at the start of {@code b}; -1 if it does not
   * end within {@code b}, -2 if a line ends without CR (left to Netty's strict parsing).
   */
  private static int endOfHead(byte[] b) {
    if (b.length == 0 || b[0] != 'H') {
      return -2;
    }
    int lineStart = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] != '\n') {
        continue;
      }
      if (i == lineStart || b[i - 1] != '\r') {
        return -2;
      }
      if (i == lineStart + 1) {
        return i + 1;
      }
      lineStart = i + 1;
    }
    return -1;
  }

  /** {@code b[0, n)} is a whole head: lines up to and including the empty line. */
  private static Result parse(byte[] b, int n) {
    // Status line: "HTTP/1.1 ddd reason\r\n", reason without leading or trailing blanks.
    if (n < VERSION.length + 6) {
      return NOT_SIMPLE;
    }
    for (int i = 0; i < VERSION.length; i++) {
      if (b[i] != VERSION[i]) {
        return NOT_SIMPLE;
      }
    }
    int p = VERSION.length;
    int code = 0;
    for (int i = 0; i < 3; i++) {
      int d = b[p + i] - '0';
      if (d < 0 || d > 9) {
        return NOT_SIMPLE;
      }
      code = code * 10 + d;
    }
    p += 3;
    if (code < 200 || code > 599 || code == 204 || code == 304 || b[p] != ' ') {
      return NOT_SIMPLE;
    }
    int reasonStart = ++p;
    while (p < n && b[p] != '\r') {
      if (!visibleOrBlank(b[p])) {
        return NOT_SIMPLE;
      }
      p++;
    }
    int reasonEnd = p;
    if (p + 1 >= n
        || b[p + 1] != '\n'
        || reasonEnd == reasonStart
        || isBlank(b[reasonStart])
        || isBlank(b[reasonEnd - 1])) {
      return NOT_SIMPLE;
    }
    p += 2;
    int[] fields = new int[32];
    int count = 0;
    long length = -1;
    boolean close = false;
    // Header lines until the empty line at n - 2.
    while (p < n - 2) {
      int nameStart = p;
      while (p < n && b[p] != ':') {
        int c = b[p];
        if (c < 0 || !TCHAR[c]) {
          return NOT_SIMPLE; // also obs-fold (leading blank), bare CR/LF, empty name below
        }
        p++;
      }
      int nameEnd = p;
      if (nameEnd == nameStart || p >= n) {
        return NOT_SIMPLE;
      }
      p++;
      while (p < n && isBlank(b[p])) {
        p++;
      }
      int valueStart = p;
      while (p < n && b[p] != '\r') {
        if (!visibleOrBlank(b[p])) {
          return NOT_SIMPLE;
        }
        p++;
      }
      if (p + 1 >= n || b[p + 1] != '\n') {
        return NOT_SIMPLE;
      }
      int valueEnd = p;
      while (valueEnd > valueStart && isBlank(b[valueEnd - 1])) {
        valueEnd--;
      }
      p += 2;
      Kind kind = classify(b, nameStart, nameEnd);
      if (kind == Kind.OTHER) {
        return NOT_SIMPLE;
      }
      if (kind == Kind.CONNECTION) {
        int tokens = connectionTokens(b, valueStart, valueEnd);
        if (tokens < 0) {
          return NOT_SIMPLE;
        }
        close |= tokens == 1;
        continue;
      }
      if (kind == Kind.DROP) {
        continue;
      }
      if (kind == Kind.LENGTH) {
        if (length >= 0) {
          return NOT_SIMPLE;
        }
        length = canonicalLength(b, valueStart, valueEnd);
        if (length < 0) {
          return NOT_SIMPLE;
        }
      }
      // Kept as it came (Content-Length included, checked above).
      if (count == MAX_FIELDS) {
        return NOT_SIMPLE;
      }
      if (4 * count == fields.length) {
        fields = Arrays.copyOf(fields, fields.length * 2);
      }
      fields[4 * count] = nameStart;
      fields[4 * count + 1] = nameEnd;
      fields[4 * count + 2] = valueStart;
      fields[4 * count + 3] = valueEnd;
      count++;
    }
    if (length < 0) {
      return NOT_SIMPLE;
    }
    HttpResponseStatus status = status(code, b, reasonStart, reasonEnd);
    PassThroughResponse response =
        new PassThroughResponse(status, new RawHeaders(b, fields, count), !close);
    return new Result(response, n, length);
  }

  private enum Kind {
    KEEP,
    LENGTH,
    CONNECTION,
    DROP,
    OTHER
  }

  /**
   * What to do with a field: Content-Length is kept and checked; Connection is read and dropped;
   * the other hop-by-hop fields (Keep-Alive, TE, Trailer, Upgrade, HTTP2-Settings, Proxy-*) are
   * dropped; Transfer-Encoding and a field named {@code close} (which {@code Connection: close}
   * would name) send the response to Netty's decoder.
   */
  private static Kind classify(byte[] b, int s, int e) {
    int len = e - s;
    return switch (len) {
      case 2 -> is(b, s, e, "te") ? Kind.DROP : Kind.KEEP;
      case 5 -> is(b, s, e, "close") ? Kind.OTHER : Kind.KEEP;
      case 7 -> is(b, s, e, "trailer") || is(b, s, e, "upgrade") ? Kind.DROP : Kind.KEEP;
      case 10 ->
          is(b, s, e, "connection")
              ? Kind.CONNECTION
              : is(b, s, e, "keep-alive") ? Kind.DROP : proxyOrKeep(b, s, e);
      case 14 ->
          is(b, s, e, "content-length")
              ? Kind.LENGTH
              : is(b, s, e, "http2-settings") ? Kind.DROP : proxyOrKeep(b, s, e);
      case 17 -> is(b, s, e, "transfer-encoding") ? Kind.OTHER : proxyOrKeep(b, s, e);
      default -> proxyOrKeep(b, s, e);
    };
  }

  private static Kind proxyOrKeep(byte[] b, int s, int e) {
    return e - s >= 6 && is(b, s, s + 6, "proxy-") ? Kind.DROP : Kind.KEEP;
  }

  /**
   * Case-insensitive comparison of {@code b[s, e)} with a lower-case {@code name} of letters,
   * digits and '-': setting bit 0x20 lower-cases a letter and leaves digits and '-' alone, and no
   * other token character becomes one of those.
   */
  private static boolean is(byte[] b, int s, int e, String name) {
    if (e - s != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if ((b[s + i] | 0x20) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The length if the value is a canonical decimal of at most 18 digits, else -1. */
  private static long canonicalLength(byte[] b, int s, int e) {
    int len = e - s;
    if (len == 0 || len > 18 || (b[s] == '0' && len > 1)) {
      return -1;
    }
    long v = 0;
    for (int i = s; i < e; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /**
   * 0 if the Connection value names only {@code keep-alive} (or nothing), 1 if it names {@code
   * close}, -1 if it names anything else (those fields would have to be removed too).
   */
  private static int connectionTokens(byte[] b, int s, int e) {
    int result = 0;
    int from = s;
    for (int i = s; i <= e; i++) {
      if (i < e && b[i] != ',') {
        continue;
      }
      int ts = from;
      int te = i;
      from = i + 1;
      while (ts < te && isBlank(b[ts])) {
        ts++;
      }
      while (te > ts && isBlank(b[te - 1])) {
        te--;
      }
      if (ts == te || is(b, ts, te, "keep-alive")) {
        continue;
      }
      if (is(b, ts, te, "close")) {
        result = 1;
      } else {
        return -1;
      }
    }
    return result;
  }

  private static HttpResponseStatus status(int code, byte[] b, int s, int e) {
    HttpResponseStatus known = HttpResponseStatus.valueOf(code);
    String reason = known.reasonPhrase();
    if (reason.length() == e - s) {
      boolean same = true;
      for (int i = 0; i < reason.length() && same; i++) {
        same = reason.charAt(i) == b[s + i];
      }
      if (same) {
        return known;
      }
    }
    return new HttpResponseStatus(code, new String(b, s, e - s, StandardCharsets.ISO_8859_1));
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  /** Visible ASCII, space or horizontal tab: no controls, no DEL, no bytes above 0x7f. */
  private static boolean visibleOrBlank(byte c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t';
  }
}
