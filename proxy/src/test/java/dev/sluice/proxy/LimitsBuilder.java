package dev.sluice.proxy;

import dev.sluice.ir.ClientLimits;
import java.time.Duration;

/** Copies a {@link ClientLimits} with some fields changed (tests only). */
final class LimitsBuilder {
  private int maxRequestLineBytes;
  private int maxHeaderBytes;
  private int maxHeaderCount;
  private final long maxBufferedBodyBytes;
  private Duration requestHeadersTimeout;
  private Duration idleTimeout;
  private int maxConnections;
  private int http2MaxConcurrentStreams;
  private int http2MaxHeaderListBytes;
  private int http2InitialStreamWindowBytes;
  private int http2ConnectionWindowBytes;
  private int http2MaxResetsPerWindow;
  private Duration tlsHandshakeTimeout;
  private int maxClientHelloBytes;
  private Duration requestBodyTimeout;
  private int maxRequestsPerConnection;
  private Duration maxConnectionDuration;
  private Duration tunnelIdleTimeout;

  LimitsBuilder(ClientLimits l) {
    maxRequestLineBytes = l.maxRequestLineBytes();
    maxHeaderBytes = l.maxHeaderBytes();
    maxHeaderCount = l.maxHeaderCount();
    maxBufferedBodyBytes = l.maxBufferedBodyBytes();
    requestHeadersTimeout = l.requestHeadersTimeout();
    idleTimeout = l.idleTimeout();
    maxConnections = l.maxConnections();
    http2MaxConcurrentStreams = l.http2MaxConcurrentStreams();
    http2MaxHeaderListBytes = l.http2MaxHeaderListBytes();
    http2InitialStreamWindowBytes = l.http2InitialStreamWindowBytes();
    http2ConnectionWindowBytes = l.http2ConnectionWindowBytes();
    http2MaxResetsPerWindow = l.http2MaxResetsPerWindow();
    tlsHandshakeTimeout = l.tlsHandshakeTimeout();
    maxClientHelloBytes = l.maxClientHelloBytes();
    requestBodyTimeout = l.requestBodyTimeout();
    maxRequestsPerConnection = l.maxRequestsPerConnection();
    maxConnectionDuration = l.maxConnectionDuration();
    tunnelIdleTimeout = l.tunnelIdleTimeout();
  }

  LimitsBuilder maxRequestLineBytes(int v) {
    maxRequestLineBytes = v;
    return this;
  }

  LimitsBuilder maxHeaderBytes(int v) {
    maxHeaderBytes = v;
    return this;
  }

  LimitsBuilder maxHeaderCount(int v) {
    maxHeaderCount = v;
    return this;
  }

  LimitsBuilder requestHeadersTimeout(Duration v) {
    requestHeadersTimeout = v;
    return this;
  }

  LimitsBuilder idleTimeout(Duration v) {
    idleTimeout = v;
    return this;
  }

  LimitsBuilder maxConnections(int v) {
    maxConnections = v;
    return this;
  }

  LimitsBuilder http2MaxConcurrentStreams(int v) {
    http2MaxConcurrentStreams = v;
    return this;
  }

  LimitsBuilder http2MaxHeaderListBytes(int v) {
    http2MaxHeaderListBytes = v;
    return this;
  }

  LimitsBuilder http2InitialStreamWindowBytes(int v) {
    http2InitialStreamWindowBytes = v;
    return this;
  }

  LimitsBuilder http2ConnectionWindowBytes(int v) {
    http2ConnectionWindowBytes = v;
    return this;
  }

  LimitsBuilder http2MaxResetsPerWindow(int v) {
    http2MaxResetsPerWindow = v;
    return this;
  }

  LimitsBuilder tlsHandshakeTimeout(Duration v) {
    tlsHandshakeTimeout = v;
    return this;
  }

  LimitsBuilder maxClientHelloBytes(int v) {
    maxClientHelloBytes = v;
    return this;
  }

  LimitsBuilder requestBodyTimeout(Duration v) {
    requestBodyTimeout = v;
    return this;
  }

  LimitsBuilder maxRequestsPerConnection(int v) {
    maxRequestsPerConnection = v;
    return this;
  }

  LimitsBuilder maxConnectionDuration(Duration v) {
    maxConnectionDuration = v;
    return this;
  }

  LimitsBuilder tunnelIdleTimeout(Duration v) {
    tunnelIdleTimeout = v;
    return this;
  }

  ClientLimits build() {
    return new ClientLimits(
        maxRequestLineBytes,
        maxHeaderBytes,
        maxHeaderCount,
        maxBufferedBodyBytes,
        requestHeadersTimeout,
        idleTimeout,
        maxConnections,
        http2MaxConcurrentStreams,
        http2MaxHeaderListBytes,
        http2InitialStreamWindowBytes,
        http2ConnectionWindowBytes,
        http2MaxResetsPerWindow,
        tlsHandshakeTimeout,
        maxClientHelloBytes,
        requestBodyTimeout,
        maxRequestsPerConnection,
        maxConnectionDuration,
        tunnelIdleTimeout);
  }
}
