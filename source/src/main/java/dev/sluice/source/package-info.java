/**
 * Config sources: the {@link dev.sluice.source.ResourceSet} every source produces, the problems it
 * reports, and the folder source used in standalone mode.
 */
package dev.sluice.source;
