package dev.sluice.translate;

/**
 * A Service port a route sends traffic to, named as a BackendTLSPolicy targets it. Immutable.
 *
 * @param portName the Service port's name, {@code ""} when unnamed
 */
record ServicePortRef(String namespace, String service, String portName) {}
