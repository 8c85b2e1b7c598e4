package dev.sluice.proxy.stream;

import dev.sluice.proxy.transport.Transport;

class EpollUdpStreamTest extends AbstractUdpStreamTest {

  @Override
  Transport transport() {
    return Transports.epoll();
  }
}
