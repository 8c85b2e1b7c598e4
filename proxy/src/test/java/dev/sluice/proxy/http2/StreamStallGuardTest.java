package dev.sluice.proxy.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection-level stall guard on Netty's embedded channels standing in for streams, with a
 * mock clock: a stream is reset when none of its pending writes completed for the limit, progress
 * restarts its clock, and streams of one connection are judged one by one.
 */
class StreamStallGuardTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private final MockTicker ticker = Ticker.newMockTicker();
  private final EmbeddedChannel a = stream();
  private final EmbeddedChannel b = stream();
  private final StreamStallGuard guard = new StreamStallGuard(LIMIT);

  private EmbeddedChannel stream() {
    return EmbeddedChannel.builder().ticker(ticker).build();
  }

  @AfterEach
  void closeStreams() {
    a.finishAndReleaseAll();
    b.finishAndReleaseAll();
  }

  /** Moves the clock and runs what the guard scheduled (on the first stream's loop). */
  private void after(long seconds) {
    ticker.advance(seconds, TimeUnit.SECONDS);
    a.runScheduledPendingTasks();
  }

  @Test
  void aWriteThatNeverCompletesResetsItsStreamAfterTheLimit() {
    StreamStallGuard.Writes writes = guard.watch(a);
    writes.track(a.newPromise());
    after(9);
    assertThat(a.isActive()).as("before the limit").isTrue();
    after(1);
    assertThat(a.isActive()).as("at the limit").isFalse();
  }

  @Test
  void eachCompletedWriteRestartsTheClock() {
    StreamStallGuard.Writes writes = guard.watch(a);
    ChannelPromise first = writes.track(a.newPromise());
    writes.track(a.newPromise());
    after(6);
    first.setSuccess();
    after(6);
    assertThat(a.isActive()).as("6 s after the last progress").isTrue();
    after(4);
    assertThat(a.isActive()).as("10 s after the last progress").isFalse();
  }

  @Test
  void aStreamWithNothingPendingIsLeftAlone() {
    StreamStallGuard.Writes writes = guard.watch(a);
    writes.track(a.newPromise()).setSuccess();
    after(30);
    assertThat(a.isActive()).isTrue();
    assertThat(a.runScheduledPendingTasks()).as("no timer left armed").isEqualTo(-1);
  }

  @Test
  void aVoidPromiseIsTrackedThroughItsNonVoidReplacement() {
    StreamStallGuard.Writes writes = guard.watch(a);
    ChannelPromise tracked = writes.track(a.voidPromise());
    assertThat(tracked.isVoid()).isFalse();
    after(10);
    assertThat(a.isActive()).isFalse();
  }

  @Test
  void streamsOfOneConnectionAreJudgedOneByOne() {
    StreamStallGuard.Writes stalled = guard.watch(a);
    StreamStallGuard.Writes live = guard.watch(b);
    stalled.track(a.newPromise());
    ChannelPromise pending = live.track(b.newPromise());
    for (int i = 0; i < 3; i++) {
      after(6);
      ChannelPromise next = live.track(b.newPromise());
      pending.setSuccess();
      pending = next;
    }
    assertThat(a.isActive()).as("the stalled stream").isFalse();
    assertThat(b.isActive()).as("the stream that keeps making progress").isTrue();
  }

  @Test
  void aStoppedStreamOrAClosedConnectionIsNotReset() {
    StreamStallGuard.Writes writes = guard.watch(a);
    writes.track(a.newPromise());
    writes.stop();
    StreamStallGuard.Writes other = guard.watch(b);
    other.track(b.newPromise());
    guard.close();
    after(30);
    assertThat(a.isActive()).isTrue();
    assertThat(b.isActive()).isTrue();
  }
}
