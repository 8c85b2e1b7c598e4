package dev.sluice.proxy.upstream;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * An upstream HTTP/1.1 response head that is already in the form the proxy forwards: its headers
 * are a view of the bytes read (hop-by-hop fields dropped, one canonical Content-Length kept, no
 * Transfer-Encoding), so the usual response preparation has nothing to do. Reading or changing the
 * headers works as for any response (a change decodes them into an ordinary map). Event-loop
 * confined.
 */
public final class PassThroughResponse extends DefaultHttpResponse {

  private final boolean keepAlive;

  PassThroughResponse(HttpResponseStatus status, RawHeaders headers, boolean keepAlive) {
    super(HttpVersion.HTTP_1_1, status, headers);
    this.keepAlive = keepAlive;
  }

  /** Whether the upstream connection may be reused after this response (no Connection: close). */
  public boolean keepAlive() {
    return keepAlive;
  }
}
