/**
 * The composition root: wires the config source, the translator, the data plane and the admin
 * server, and owns everything that changes over time (reloads, address assignments, statuses).
 */
package dev.sluice.server;
