package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import dev.sluice.proxy.failure.ProxyFailure;
import dev.sluice.proxy.failure.ProxyFailure.Kind;
import dev.sluice.proxy.failure.ProxyFailure.Source;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Maps connect and TLS handshake errors to failures. Stateless. */
public final class UpstreamFailures {

  private UpstreamFailures() {}

  /** The failure for a connection attempt to {@code endpoint} that ended with {@code cause}. */
  public static ProxyFailure connect(Endpoint endpoint, Throwable cause) {
    Throwable tls = tlsCause(cause);
    if (tls != null) {
      return new ProxyFailure(
          Source.UPSTREAM,
          Kind.UPSTREAM_TLS,
          "upstream " + endpoint + ": TLS handshake failed: " + tls.getMessage());
    }
    Kind kind;
    if (cause instanceof ConnectTimeoutException) {
      kind = Kind.CONNECT_TIMEOUT;
    } else if (cause instanceof NoRouteToHostException || cause instanceof UnknownHostException) {
      kind = Kind.UNREACHABLE;
    } else if (cause instanceof ConnectException) {
      kind = Kind.CONNECT_REFUSED;
    } else {
      kind = Kind.UNREACHABLE;
    }
    String what =
        switch (kind) {
          case CONNECT_TIMEOUT -> "connect timeout";
          case CONNECT_REFUSED -> "connection refused";
          default -> "unreachable (" + cause.getClass().getSimpleName() + ")";
        };
    return new ProxyFailure(Source.UPSTREAM, kind, "upstream " + endpoint + ": " + what);
  }

  private static Throwable tlsCause(Throwable cause) {
    Throwable t = cause;
    while (t != null) {
      if (t instanceof SSLException) {
        return t;
      }
      t = t instanceof DecoderException || t.getCause() != t ? t.getCause() : null;
    }
    return null;
  }
}
