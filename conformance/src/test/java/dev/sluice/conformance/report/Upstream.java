package dev.sluice.conformance.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test method as the replay of the upstream conformance test of the same name, with the
 * features that test needs; the report places it in profiles from these (conformance notes §1.1).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Upstream {

  /** The feature names the upstream test lists, e.g. {@code {"Gateway", "HTTPRoute"}}. */
  String[] features();

  /** Whether upstream marks the test provisional. */
  boolean provisional() default false;
}
