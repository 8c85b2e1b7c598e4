package dev.sluice.proxy.http2;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.AsciiString;

/**
 * HTTP/1.1 header names as HTTP/2 field names (RFC 9113 §8.2: lower case). Names a response usually
 * carries come from a fixed table without allocation (an HTTP/1.1 origin writes {@code
 * Content-Type}, which would otherwise cost a lower-cased copy per header per response); other
 * names are lower-cased and checked to be tokens. The table also knows the connection-specific
 * names that must not appear in an HTTP/2 response (§8.2.2, {@code te} included: only a request may
 * carry it). Immutable and thread-safe.
 */
final class FieldNames {

  private static final int SLOTS = 256;
  private static final AsciiString[] TABLE = new AsciiString[SLOTS];
  private static final boolean[] CONNECTION_SPECIFIC = new boolean[SLOTS];

  static {
    for (AsciiString name :
        new AsciiString[] {
          HttpHeaderNames.ACCEPT_RANGES,
          HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS,
          HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
          HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS,
          HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN,
          HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
          HttpHeaderNames.ACCESS_CONTROL_MAX_AGE,
          HttpHeaderNames.AGE,
          HttpHeaderNames.ALLOW,
          HttpHeaderNames.CACHE_CONTROL,
          HttpHeaderNames.CONTENT_DISPOSITION,
          HttpHeaderNames.CONTENT_ENCODING,
          HttpHeaderNames.CONTENT_LANGUAGE,
          HttpHeaderNames.CONTENT_LENGTH,
          HttpHeaderNames.CONTENT_LOCATION,
          HttpHeaderNames.CONTENT_RANGE,
          HttpHeaderNames.CONTENT_SECURITY_POLICY,
          HttpHeaderNames.CONTENT_TYPE,
          HttpHeaderNames.DATE,
          HttpHeaderNames.ETAG,
          HttpHeaderNames.EXPIRES,
          HttpHeaderNames.LAST_MODIFIED,
          HttpHeaderNames.LOCATION,
          HttpHeaderNames.PRAGMA,
          HttpHeaderNames.RETRY_AFTER,
          HttpHeaderNames.SERVER,
          HttpHeaderNames.SET_COOKIE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.VARY,
          HttpHeaderNames.VIA,
          HttpHeaderNames.WWW_AUTHENTICATE,
          HttpHeaderNames.X_FRAME_OPTIONS,
          AsciiString.cached("alt-svc"),
          AsciiString.cached("grpc-encoding"),
          AsciiString.cached("grpc-message"),
          AsciiString.cached("grpc-status"),
          AsciiString.cached("link"),
          AsciiString.cached("strict-transport-security"),
          AsciiString.cached("x-content-type-options"),
          AsciiString.cached("x-request-id"),
        }) {
      put(name, false);
    }
    @SuppressWarnings("deprecation")
    AsciiString keepAlive = HttpHeaderNames.KEEP_ALIVE;
    @SuppressWarnings("deprecation")
    AsciiString proxyConnection = HttpHeaderNames.PROXY_CONNECTION;
    for (AsciiString name :
        new AsciiString[] {
          HttpHeaderNames.CONNECTION,
          keepAlive,
          proxyConnection,
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.UPGRADE,
          // Host becomes :authority in requests; a response has no business carrying it.
          HttpHeaderNames.HOST,
          // Only a request may carry TE (RFC 9113 §8.2.2), and these names are for responses.
          HttpHeaderNames.TE,
        }) {
      put(name, true);
    }
    for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
      put(name.text(), true);
    }
  }

  private FieldNames() {}

  private static void put(AsciiString name, boolean connectionSpecific) {
    int slot = name.hashCode() & (SLOTS - 1);
    while (TABLE[slot] != null) {
      slot = (slot + 1) & (SLOTS - 1);
    }
    TABLE[slot] = name;
    CONNECTION_SPECIFIC[slot] = connectionSpecific;
  }

  /** The slot of {@code name} in the table (any case), or -1. */
  private static int slot(CharSequence name) {
    int slot = AsciiString.hashCode(name) & (SLOTS - 1);
    AsciiString candidate;
    while ((candidate = TABLE[slot]) != null) {
      if (candidate.contentEqualsIgnoreCase(name)) {
        return slot;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    return -1;
  }

  /**
   * {@code name} as an HTTP/2 field name, or null when it is connection-specific and must be
   * dropped.
   *
   * @throws IllegalArgumentException when {@code name} is not a token
   */
  static AsciiString http2(CharSequence name) {
    int slot = slot(name);
    if (slot >= 0) {
      return CONNECTION_SPECIFIC[slot] ? null : TABLE[slot];
    }
    if (HttpHeaderValidationUtil.validateToken(name) != -1) {
      throw new IllegalArgumentException("invalid header name " + name + " (expected a token)");
    }
    return AsciiString.of(name).toLowerCase();
  }
}
