/**
 * An echo backend for tests, demos and the conformance harness: {@link dev.sluice.echo.EchoServer}
 * answers every HTTP/1.1 request with the JSON contract of the Gateway API conformance echo server
 * (echo-basic), so the same checks can tell which backend answered and what it received.
 */
package dev.sluice.echo;
