package dev.sluice.proxy.stream;

import dev.sluice.proxy.transport.Transport;

class EpollTcpStreamTest extends AbstractTcpStreamTest {

  @Override
  Transport transport() {
    return Transports.epoll();
  }
}
