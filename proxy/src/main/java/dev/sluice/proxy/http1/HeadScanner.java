package dev.sluice.proxy.http1;

import io.netty.buffer.ByteBuf;

/**
 * Finds obsolete line folding (a header line starting with SP or HTAB) in the raw bytes of a
 * request head, across reads, and stops at the empty line that ends the head. Netty's decoder would
 * silently join folded lines; a gateway rejects them instead. Event-loop confined; one per
 * connection, restarted for every head.
 */
final class HeadScanner {

  private boolean scanning = true;
  private int lines;
  private int lineLength;

  /** Starts scanning a new head. */
  void restart() {
    scanning = true;
    lines = 0;
    lineLength = 0;
  }

  /** Whether {@code buf} (not consumed) continues a folded line of the current head. */
  boolean foldsIn(ByteBuf buf) {
    for (int i = buf.readerIndex(); scanning && i < buf.writerIndex(); i++) {
      byte b = buf.getByte(i);
      if (b == '\n') {
        if (lineLength == 0 && lines > 0) {
          scanning = false;
        } else if (lineLength > 0) {
          lines++;
        }
        lineLength = 0;
      } else if (b != '\r') {
        if (lineLength == 0 && lines > 0 && (b == ' ' || b == '\t')) {
          return true;
        }
        lineLength++;
      }
    }
    return false;
  }
}
