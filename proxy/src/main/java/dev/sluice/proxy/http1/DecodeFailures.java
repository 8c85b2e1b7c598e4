package dev.sluice.proxy.http1;

import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Maps why Netty's HTTP/1.1 decoder rejected a request head to the client's status: a request line
 * over {@code maxRequestLineBytes} is {@code 414}, headers over {@code maxHeaderBytes} are {@code
 * 431}, anything else (framing, smuggling attempts, invalid characters) is {@code 400}. Stateless.
 */
final class DecodeFailures {

  private DecodeFailures() {}

  static ProxyFailure of(Throwable cause) {
    String detail = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (cause instanceof TooLongHttpLineException) {
      return new ProxyFailure(Source.DOWNSTREAM, Kind.URI_TOO_LONG, "request line: " + detail);
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ProxyFailure(Source.DOWNSTREAM, Kind.HEADERS_TOO_LARGE, "headers: " + detail);
    }
    return new ProxyFailure(Source.DOWNSTREAM, Kind.BAD_REQUEST, "malformed request: " + detail);
  }
}
