package dev.sluice.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * Receives the events of an upstream connection while one exchange (or mirror) uses it. Called on
 * the connection's event loop, which is also the downstream's.
 */
public interface UpstreamListener {

  /** A decoded response message; takes ownership. */
  void onUpstreamMessage(HttpObject msg);

  /** The connection became writable again. */
  default void onUpstreamWritable() {}

  /** The connection closed; {@code cause} is the last error seen on it, if any. */
  void onUpstreamClosed(java.util.Optional<Throwable> cause);
}
