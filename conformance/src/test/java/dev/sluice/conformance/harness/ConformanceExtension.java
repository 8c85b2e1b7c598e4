package dev.sluice.conformance.harness;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every conformance test the one shared {@link ConformanceSuite} (started on first use,
 * closed when the test run ends) and deletes each test's manifests after it, as the upstream
 * suite's cleanup does. Before each class it checks that the real ports can be bound ({@link
 * PrivilegedPorts}), so an ordinary user's build skips the suite instead of failing it.
 *
 * <p>Stateless; the suite lives in the root extension store.
 */
public final class ConformanceExtension
    implements BeforeAllCallback, ParameterResolver, AfterEachCallback {

  /**
   * Checks the privileged ports before any test of the class: an aborted assumption here skips the
   * class (a parameter resolver would turn it into a failure).
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    PrivilegedPorts.requireBindable();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ConformanceSuite.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return suite(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    suite(context).cleanup();
  }

  /** The shared suite, started on first use. */
  static ConformanceSuite suite(ExtensionContext context) {
    ExtensionContext.Store store =
        context.getRoot().getStore(ExtensionContext.Namespace.create(ConformanceSuite.class));
    return store.getOrComputeIfAbsent(
        ConformanceSuite.class, key -> start(), ConformanceSuite.class);
  }

  private static ConformanceSuite start() {
    try {
      return ConformanceSuite.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the conformance suite", e);
    }
  }
}
