/**
 * The gateway IR: what the data plane must do, in proxy terms (listeners, virtual hosts, routes,
 * matches, filters, backends), independent of the Gateway API kinds that produced it.
 *
 * <p>Every type here is an immutable record or a sealed interface of records, safe to share across
 * threads. Collections are defensively copied; optional values are {@link java.util.Optional},
 * never {@code null}. This package depends on the JDK only.
 */
package dev.sluice.ir;
