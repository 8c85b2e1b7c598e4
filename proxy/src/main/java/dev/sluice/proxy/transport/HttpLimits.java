package dev.sluice.proxy.transport;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * HTTP/1.1 decoder limits and strictness shared by both sides of the proxy: 8 KiB request line, 16
 * KiB of headers, 8 KiB chunks, validated header names and values, no duplicate Content-Length,
 * strict CRLF, and RFC 9112 Transfer-Encoding rules (chunked must be the final coding, TE with CL
 * or on HTTP/1.0 is rejected).
 */
public final class HttpLimits {

  public static final int MAX_INITIAL_LINE = 8 * 1024;
  public static final int MAX_HEADER_SIZE = 16 * 1024;
  public static final int MAX_CHUNK_SIZE = 8 * 1024;

  private HttpLimits() {}

  /** A fresh decoder config (the config object is mutable, so never share one). */
  public static HttpDecoderConfig decoderConfig() {
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_SIZE)
        .setMaxChunkSize(MAX_CHUNK_SIZE)
        .setHeadersFactory(
            DefaultHttpHeadersFactory.headersFactory()
                .withNameValidation(true)
                .withValueValidation(true))
        .setTrailersFactory(
            DefaultHttpHeadersFactory.trailersFactory()
                .withNameValidation(true)
                .withValueValidation(true))
        .setAllowDuplicateContentLengths(false)
        .setStrictLineParsing(true)
        .setUseRfc9112TransferEncoding(true);
  }
}
