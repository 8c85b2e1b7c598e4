package dev.sluice.conformance.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Collects the result of every {@link Upstream} test and, when the run ends, writes the upstream
 * {@code ConformanceReport} to the file named by the {@code conformance.report} system property
 * (Maven sets {@code target/conformance-report.yaml}). Tests not run (tagged pending) are found
 * through {@link Catalog} and reported as skipped, as are aborted tests (a failed assumption, e.g.
 * the suite skipped for lack of privileged ports). Registered through {@code META-INF/services}.
 *
 * <p>Thread-safe: results may arrive from several threads.
 */
public final class ConformanceReportListener implements TestExecutionListener {

  private final Map<String, TestOutcome.Result> results = new ConcurrentHashMap<>();
  private volatile boolean conformanceClassRan;

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    // a conformance class that finished, even aborted as a whole (ports not bindable), means this
    // is a conformance run: its tests that never started are then reported as skipped
    test.getSource()
        .filter(ClassSource.class::isInstance)
        .map(source -> ((ClassSource) source).getClassName())
        .filter(Catalog.CLASSES::contains)
        .ifPresent(name -> conformanceClassRan = true);
    test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(MethodSource.class::cast)
        .filter(source -> source.getJavaMethod().isAnnotationPresent(Upstream.class))
        .ifPresent(source -> results.put(source.getMethodName(), outcome(result.getStatus())));
  }

  /** An aborted test (a failed assumption) did not run: skipped, not failed. */
  private static TestOutcome.Result outcome(TestExecutionResult.Status status) {
    return switch (status) {
      case SUCCESSFUL -> TestOutcome.Result.PASSED;
      case ABORTED -> TestOutcome.Result.NOT_RUN;
      case FAILED -> TestOutcome.Result.FAILED;
    };
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (results.isEmpty() && !conformanceClassRan) {
      return; // not a conformance run (or nothing ran): leave any earlier report alone
    }
    String target = System.getProperty("conformance.report", "target/conformance-report.yaml");
    Map<String, Object> report =
        ReportBuilder.build(
            outcomes(), SupportedFeatures.CLAIMED, System.getProperty("sluice.version", "dev"));
    try {
      Path file = Path.of(target);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          YAMLMapper.builder()
              .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
              .build()
              .writeValueAsString(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the conformance report to " + target, e);
    }
  }

  private List<TestOutcome> outcomes() {
    List<TestOutcome> outcomes = new ArrayList<>();
    for (Method method : Catalog.upstreamTests()) {
      Upstream upstream = method.getAnnotation(Upstream.class);
      outcomes.add(
          new TestOutcome(
              method.getName(),
              Set.of(upstream.features()),
              upstream.provisional(),
              results.getOrDefault(method.getName(), TestOutcome.Result.NOT_RUN)));
    }
    return outcomes;
  }
}
