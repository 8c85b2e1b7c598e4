package dev.sluice.proxy.upstream;

import dev.sluice.proxy.transport.HttpLimits;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The HTTP/1.1 codec of an upstream connection, in place of Netty's {@code HttpClientCodec} (same
 * limits and strictness, {@link HttpLimits#decoderConfig()}): requests are encoded by Netty; simple
 * responses are read by {@link PassThroughDecoder} into heads forwarded as bytes, every other
 * response by Netty's decoder with {@code HttpClientCodec}'s request/response pairing. One per
 * connection; event-loop confined.
 */
public final class Http1ClientCodec
    extends CombinedChannelDuplexHandler<PassThroughDecoder, RequestMethodEncoder> {

  public Http1ClientCodec() {
    Queue<HttpMethod> methods = new ArrayDeque<>(2);
    init(
        new PassThroughDecoder(HttpLimits.decoderConfig(), methods),
        new RequestMethodEncoder(methods));
  }
}
