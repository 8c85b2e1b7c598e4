/**
 * The stream data plane: TLS passthrough, TCP and UDP routes. {@link
 * dev.sluice.proxy.stream.StreamRouteTable} picks a route per connection (by SNI for TLS), {@link
 * dev.sluice.proxy.stream.StreamProxy} picks a weighted backend and relays bytes (TCP) or datagrams
 * (UDP) between the client and the backend.
 *
 * <p>Threading: a TCP connection pair (downstream and upstream) lives on the downstream's event
 * loop, so their shared state needs no synchronisation; a UDP listener and all its sessions live on
 * the listener's event loop.
 *
 * <p>Buffers: bytes read from one side are written to the other untouched (pooled direct buffers,
 * no copies); every buffer has one owner and is released by Netty once written, or by this package
 * when it is dropped (see {@code docs/design/buffers.md}).
 */
package dev.sluice.proxy.stream;
