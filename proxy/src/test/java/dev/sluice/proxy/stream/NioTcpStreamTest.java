package dev.sluice.proxy.stream;

import dev.sluice.proxy.transport.Transport;

class NioTcpStreamTest extends AbstractTcpStreamTest {

  @Override
  Transport transport() {
    return Transports.nio();
  }
}
