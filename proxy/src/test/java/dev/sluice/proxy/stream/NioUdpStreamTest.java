package dev.sluice.proxy.stream;

import dev.sluice.proxy.transport.Transport;

class NioUdpStreamTest extends AbstractUdpStreamTest {

  @Override
  Transport transport() {
    return Transports.nio();
  }
}
