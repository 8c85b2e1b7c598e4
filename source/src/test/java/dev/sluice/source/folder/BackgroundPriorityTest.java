package dev.sluice.source.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

  @Test
  void lowersOnlyTheCallingThread() throws InterruptedException {
    assumeTrue(BackgroundPriority.currentNice().isPresent(), "needs Linux /proc");
    OptionalInt before = BackgroundPriority.currentNice();
    AtomicReference<Boolean> lowered = new AtomicReference<>();
    AtomicReference<OptionalInt> inside = new AtomicReference<>();

    Thread thread =
        Thread.ofPlatform()
            .start(
                () -> {
                  lowered.set(BackgroundPriority.lowerCurrentThread());
                  inside.set(BackgroundPriority.currentNice());
                });
    thread.join();

    assumeTrue(lowered.get(), "renice is not available here");
    assertThat(inside.get()).hasValue(BackgroundPriority.NICE);
    assertThat(BackgroundPriority.currentNice()).isEqualTo(before);
  }
}
