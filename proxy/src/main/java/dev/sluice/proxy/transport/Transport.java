package dev.sluice.proxy.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The I/O transport: native epoll or NIO. Immutable.
 *
 * @param name {@code epoll} or {@code nio}
 * @param ioHandlers creates the event loops' I/O handlers
 * @param serverChannel the listening socket class
 * @param socketChannel the connected socket class
 * @param datagramChannel the UDP socket class
 */
public record Transport(
    String name,
    IoHandlerFactory ioHandlers,
    Class<? extends ServerSocketChannel> serverChannel,
    Class<? extends SocketChannel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel) {

  /**
   * Epoll when {@link Epoll#isAvailable()}, NIO otherwise. (io_uring was measured too: 10 % fewer
   * requests/s than epoll on the small-response benchmark, docs/performance.md.)
   */
  public static Transport detect() {
    return Epoll.isAvailable() ? epoll() : nio();
  }

  /** Native epoll (Linux). */
  public static Transport epoll() {
    return new Transport(
        "epoll",
        EpollIoHandler.newFactory(),
        EpollServerSocketChannel.class,
        EpollSocketChannel.class,
        EpollDatagramChannel.class);
  }

  /** Java NIO: everywhere. */
  public static Transport nio() {
    return new Transport(
        "nio",
        NioIoHandler.newFactory(),
        NioServerSocketChannel.class,
        NioSocketChannel.class,
        NioDatagramChannel.class);
  }

  /** A new event loop group of {@code threads} loops (0 = one per core). */
  public MultiThreadIoEventLoopGroup newGroup(int threads) {
    // Netty's own default for 0 is two loops per core; a proxy wants one per core (DESIGN.md §3).
    int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return new MultiThreadIoEventLoopGroup(
        loops, new DefaultThreadFactory("sluice-" + name, true), ioHandlers);
  }
}
