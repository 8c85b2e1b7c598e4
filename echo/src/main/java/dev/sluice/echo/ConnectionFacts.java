package dev.sluice.echo;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * How a request reached the echo server: over HTTP/2 or not, and through TLS or not. Immutable.
 *
 * @param http2 whether the request came on an HTTP/2 stream
 * @param tls the TLS connection's facts; empty on a cleartext connection
 */
record ConnectionFacts(boolean http2, Optional<TlsFacts> tls) {

  ConnectionFacts {
    Objects.requireNonNull(tls, "tls");
  }

  /** The facts of {@code channel}: a connection, or an HTTP/2 stream of one. */
  static ConnectionFacts of(Channel channel) {
    boolean http2 = channel instanceof Http2StreamChannel;
    Channel connection = http2 ? channel.parent() : channel;
    return new ConnectionFacts(http2, TlsFacts.of(connection));
  }
}
