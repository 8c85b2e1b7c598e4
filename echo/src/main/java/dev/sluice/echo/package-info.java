/**
 * An echo backend for tests, demos and the conformance harness: {@link dev.sluice.echo.EchoServer}
 * answers HTTP/1.1, cleartext HTTP/2 and HTTPS (h2 and http/1.1 by ALPN) with the JSON contract of
 * the Gateway API conformance echo server (echo-basic), serves echo-basic's {@code GrpcEcho} gRPC
 * service on every HTTP/2 listener, and optionally its TCP echo protocol (plain and in TLS) and a
 * UDP echo, so the same checks can tell which backend answered and what it received.
 */
package dev.sluice.echo;
