package dev.sluice.proxy.http1;

import dev.sluice.proxy.snapshot.ProxySnapshot;
import dev.sluice.proxy.upstream.UpstreamPools;
import java.util.function.Supplier;

/**
 * What every connection of one listener shares. Immutable and thread-safe.
 *
 * @param name the listener name, used to find its routes in the current snapshot
 * @param port the listener port (for redirects)
 * @param snapshots reads the current snapshot (one volatile read); called once per request or TLS
 *     handshake
 * @param pools the per-event-loop upstream pools
 */
public record ListenerContext(
    String name, int port, Supplier<ProxySnapshot> snapshots, UpstreamPools pools) {}
