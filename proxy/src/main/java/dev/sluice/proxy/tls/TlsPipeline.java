package dev.sluice.proxy.tls;

import dev.sluice.proxy.http1.ListenerContext;
import dev.sluice.proxy.stream.StreamProxy;
import io.netty.channel.Channel;

/**
 * The pipeline of a TLS listener's connection: SNI routing first ({@link SniRouter}), which then
 * terminates TLS for HTTP or streams, or passes it through. Stateless.
 */
public final class TlsPipeline {

  private TlsPipeline() {}

  /** Installs the SNI router on an accepted connection (auto-read off). */
  public static void install(Channel ch, ListenerContext listener, StreamProxy streams) {
    ch.pipeline().addLast(new SniRouter(listener, streams));
  }
}
