package dev.sluice.echo;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each echoed request: one log line in the conformance echo server's wording (its mirror
 * checks search the log for it) and a call to the server's {@link EchoObserver}. Stateless.
 */
final class EchoLog {

  private static final Logger LOG = LoggerFactory.getLogger(EchoServer.class);

  private EchoLog() {}

  static void echoed(HttpRequest request, Channel channel, EchoObserver observer) {
    echoed(request.uri(), channel, observer);
  }

  /** Reports an echo of {@code requestUri} (a gRPC call's path) on a connection or stream. */
  static void echoed(String requestUri, Channel channel, EchoObserver observer) {
    InetSocketAddress client = (InetSocketAddress) channel.remoteAddress();
    LOG.info("Echoing back request made to {} to client ({})", requestUri, hostPort(client));
    observer.echoed(requestUri, client);
  }

  static int localPort(Channel channel) {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  private static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
