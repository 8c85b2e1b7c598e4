package dev.sluice.proxy.http1;

import dev.sluice.ir.ClientLimits;
import dev.sluice.proxy.overload.MemoryPressure;
import dev.sluice.proxy.snapshot.ProxySnapshot;
import dev.sluice.proxy.upstream.UpstreamPools;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the connections of one listener share. Immutable and thread-safe. A fresh context is made
 * per accepted connection, with the {@link ClientLimits} the listener had in the snapshot current
 * at accept time: a reload changes the limits of new connections only.
 *
 * @param name the listener name, used to find its routes in the current snapshot
 * @param port the listener port (for redirects)
 * @param snapshots reads the current snapshot (one volatile read); called once per request or TLS
 *     handshake
 * @param pools the per-event-loop upstream pools
 * @param limits the client limits of this connection
 * @param drainTimeout how long an HTTP/2 connection may finish its streams after {@code GOAWAY}
 * @param memory the proxy's memory-pressure state, read once when a request starts (shed with 503)
 *     and when a response starts (keep-alive off while shedding)
 */
public record ListenerContext(
    String name,
    int port,
    Supplier<ProxySnapshot> snapshots,
    UpstreamPools pools,
    ClientLimits limits,
    Duration drainTimeout,
    MemoryPressure memory) {

  public ListenerContext {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(memory, "memory");
  }
}
