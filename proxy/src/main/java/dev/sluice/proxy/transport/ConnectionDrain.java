package dev.sluice.proxy.transport;

/**
 * The user event fired on every open client connection when its listener (or the whole proxy)
 * starts draining: HTTP/1 connections close once their current response is written (which carries
 * {@code Connection: close}), idle ones at once; HTTP/2 connections send {@code GOAWAY} and close
 * once their open streams are done. Connections that do not handle it are closed when the drain
 * timeout ends. Immutable.
 */
public enum ConnectionDrain {
  /** The one event. */
  EVENT
}
