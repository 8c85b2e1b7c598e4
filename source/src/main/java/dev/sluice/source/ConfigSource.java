package dev.sluice.source;

import java.util.function.Consumer;

/**
 * Produces {@link ResourceSet}s: the folder source in standalone mode, informers in Kubernetes.
 *
 * <p>Implementations are thread-safe. {@link #load()} may be called at any time; {@link
 * #watch(Consumer)} delivers a new {@link LoadResult} after each (debounced) change, on a thread of
 * the source's own, never concurrently with itself.
 */
public interface ConfigSource extends AutoCloseable {

  /** Reads the current config. */
  LoadResult load();

  /** Starts delivering changes to {@code onChange}; call at most once. */
  void watch(Consumer<LoadResult> onChange);

  /** Stops watching and releases files and threads. */
  @Override
  void close();
}
