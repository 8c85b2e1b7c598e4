package dev.sluice.admin;

import dev.sluice.ir.GatewayIr;

/**
 * What the admin API reports, supplied by the server.
 *
 * <p>Implementations must be thread-safe and fast: the admin server calls them on its event loop,
 * so each method must return a precomputed value and never block.
 */
public interface AdminModel {

  /** True once the first config has been applied and the listeners are bound. */
  boolean ready();

  /**
   * Every object with its status, as a Jackson-serializable value: the Kubernetes-style list {@code
   * {"apiVersion":"v1","kind":"List","items":[...]}}.
   */
  Object statuses();

  /** The IR the data plane currently serves. */
  GatewayIr snapshot();
}
