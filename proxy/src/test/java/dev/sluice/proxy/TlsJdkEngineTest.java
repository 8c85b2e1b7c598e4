package dev.sluice.proxy;

import dev.sluice.identity.TlsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link TlsHardeningTest} cases on the JDK TLS engine, the fallback when netty-tcnative does
 * not load. The engine is chosen when a snapshot's contexts are built, so the property only has to
 * be set around this class (test classes run one after another in one JVM).
 */
class TlsJdkEngineTest extends TlsHardeningTest {

  @BeforeAll
  static void useTheJdkEngine() {
    System.setProperty(TlsPolicy.PROVIDER_PROPERTY, "jdk");
  }

  @AfterAll
  static void restoreTheDefaultEngine() {
    System.clearProperty(TlsPolicy.PROVIDER_PROPERTY);
  }
}
