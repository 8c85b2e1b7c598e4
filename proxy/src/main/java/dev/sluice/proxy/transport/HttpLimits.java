package dev.sluice.proxy.transport;

import dev.sluice.ir.ClientLimits;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * HTTP/1.1 decoder limits and strictness: validated header names and values, no duplicate
 * Content-Length, strict CRLF, and RFC 9112 Transfer-Encoding rules (chunked must be the final
 * coding, TE with CL or on HTTP/1.0 is rejected). Client connections take their line and header
 * sizes from the listener's {@link ClientLimits}; upstream responses use fixed bounds (8 KiB status
 * line, 16 KiB of headers, beyond which the response becomes a 502). Stateless.
 */
public final class HttpLimits {

  public static final int MAX_INITIAL_LINE = 8 * 1024;
  public static final int MAX_HEADER_SIZE = 16 * 1024;
  public static final int MAX_CHUNK_SIZE = 8 * 1024;

  private HttpLimits() {}

  /** A fresh decoder config for upstream responses (the config object is mutable). */
  public static HttpDecoderConfig decoderConfig() {
    return strict(MAX_INITIAL_LINE, MAX_HEADER_SIZE);
  }

  /** A fresh decoder config for a client connection with {@code limits}. */
  public static HttpDecoderConfig decoderConfig(ClientLimits limits) {
    return strict(limits.maxRequestLineBytes(), limits.maxHeaderBytes());
  }

  private static HttpDecoderConfig strict(int maxLine, int maxHeaders) {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(maxLine)
        .setMaxHeaderSize(maxHeaders)
        .setMaxChunkSize(MAX_CHUNK_SIZE)
        .setHeadersFactory(
            DefaultHttpHeadersFactory.headersFactory()
                .withNameValidation(true)
                .withValueValidation(true))
        .setTrailersFactory(
            new SmallTrailers(
                DefaultHttpHeadersFactory.trailersFactory()
                    .withNameValidation(true)
                    .withValueValidation(true)))
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true);
  }

  /**
   * Trailer maps sized for what they almost always hold: nothing. The decoder gives every body's
   * last chunk its own trailers map, created before any trailer is seen; its default 16-slot hash
   * table was ~2 % of the bytes allocated per proxied request. Same validation; a map that does
   * receive trailers holds any number of them (2 slots, longer chains). Immutable.
   */
  private record SmallTrailers(DefaultHttpHeadersFactory validating) implements HttpHeadersFactory {
    @Override
    public HttpHeaders newHeaders() {
      return validating.newEmptyHeaders();
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
      return validating.newEmptyHeaders();
    }
  }
}
