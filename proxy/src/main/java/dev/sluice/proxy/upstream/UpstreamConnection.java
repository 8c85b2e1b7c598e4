package dev.sluice.proxy.upstream;

import dev.sluice.ir.Endpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObject;

/**
 * An upstream HTTP/1.1 connection, or HTTP/2 stream, lent to one exchange at a time: one lease,
 * created by each {@link UpstreamPool} acquire. Event-loop confined. Requests are never pipelined:
 * the next user gets the connection only after the previous response ended.
 *
 * <p>A lease of a managed backend (one acquired with its {@link EndpointHealth}) holds a request
 * slot of the backend's {@link CircuitBreaker} (and a retry slot for a retry) until the lease ends:
 * {@link UpstreamPool#release}, or the upstream handler leaving the pipeline (connection closed, or
 * taken over by a tunnel), whichever comes first; the slot is released exactly once. The first
 * final response status (or a connection lost before one) is reported to the endpoint's health.
 */
public final class UpstreamConnection {

  private final Channel channel;
  private final Endpoint endpoint;
  private final boolean reused;

  /** The endpoint's health for managed backends; null for unmanaged calls (mirrors). */
  private final EndpointHealth health;

  private final boolean retry;
  private boolean released;
  private boolean outcomeRecorded;

  UpstreamConnection(
      Channel channel, Endpoint endpoint, boolean reused, EndpointHealth health, boolean retry) {
    this.channel = channel;
    this.endpoint = endpoint;
    this.reused = reused;
    this.health = health;
    this.retry = retry;
  }

  public Channel channel() {
    return channel;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** Whether it had served a request before (a stale pooled connection may fail). */
  public boolean reused() {
    return reused;
  }

  /** Routes this connection's events to {@code listener} until released. */
  public void attach(UpstreamListener listener) {
    channel.pipeline().get(UpstreamHandler.class).attach(listener, this);
  }

  /** Stops routing this connection's events to the current listener. */
  public void detach() {
    UpstreamHandler handler = channel.pipeline().get(UpstreamHandler.class);
    if (handler != null) {
      handler.detach();
    }
  }

  /** Removes the upstream handler from a pipeline that is being taken over (protocol switch). */
  public static void removeHandler(ChannelPipeline pipeline) {
    if (pipeline.get(UpstreamHandler.class) != null) {
      pipeline.remove(UpstreamHandler.class);
    }
  }

  /** Writes and flushes a request message; takes ownership. */
  public ChannelFuture write(HttpObject msg) {
    return channel.writeAndFlush(msg);
  }

  /** Asks for the next response message (one per call, see {@code DemandReadHandler}). */
  public void read() {
    channel.read();
  }

  public boolean isWritable() {
    return channel.isWritable();
  }

  /** A final response head (or 101) arrived: 5xx counts as a failure, anything else as success. */
  void recordStatus(int status) {
    if (health != null && !outcomeRecorded) {
      outcomeRecorded = true;
      if (status >= 500) {
        health.recordFailure();
      } else {
        health.recordSuccess();
      }
    }
  }

  /**
   * The connection closed under an attached user before any response. A reused keep-alive
   * connection is not held against the endpoint: the backend may have timed it out meanwhile.
   */
  void recordLost() {
    if (health != null && !outcomeRecorded && !reused) {
      outcomeRecorded = true;
      health.recordFailure();
    }
  }

  /** Ends the lease: its breaker slots go back, once. */
  void end() {
    if (health != null && !released) {
      released = true;
      health.cluster().breaker().finish(retry);
    }
  }

  @Override
  public String toString() {
    return "upstream " + endpoint + (reused ? " (reused)" : "") + " " + channel;
  }
}
