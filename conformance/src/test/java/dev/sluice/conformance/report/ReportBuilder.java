package dev.sluice.conformance.report;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the upstream {@code ConformanceReport} document from test outcomes: per profile, core and
 * extended results and statistics, supported and unsupported extended features, and the provisional
 * tests that passed. Stateless.
 */
public final class ReportBuilder {

  private ReportBuilder() {}

  public static Map<String, Object> build(
      List<TestOutcome> outcomes, Set<String> claimed, String version) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("apiVersion", "gateway.networking.k8s.io/v1");
    report.put("kind", "ConformanceReport");
    report.put(
        "date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
    report.put("gatewayAPIVersion", "v1.6.1");
    report.put("gatewayAPIChannel", "experimental");
    report.put("implementation", implementation(version));
    report.put("mode", "default");
    List<Object> profiles = new ArrayList<>();
    for (Profile profile : Profile.ALL) {
      profiles.add(profile(profile, outcomes, claimed));
    }
    report.put("profiles", profiles);
    report.put(
        "succeededProvisionalTests",
        outcomes.stream()
            .filter(o -> o.provisional() && o.result() == TestOutcome.Result.PASSED)
            .map(TestOutcome::name)
            .sorted()
            .toList());
    return report;
  }

  private static Map<String, Object> implementation(String version) {
    Map<String, Object> implementation = new LinkedHashMap<>();
    implementation.put("organization", "sluice");
    implementation.put("project", "sluice");
    // The project has no public home yet; say so rather than invent one.
    implementation.put("url", "unpublished");
    implementation.put("version", version);
    implementation.put("contact", List.of("the Sluice maintainers"));
    return implementation;
  }

  private static Map<String, Object> profile(
      Profile profile, List<TestOutcome> outcomes, Set<String> claimed) {
    List<TestOutcome> core = new ArrayList<>();
    List<TestOutcome> extended = new ArrayList<>();
    for (TestOutcome outcome : outcomes) {
      if (profile.covers(outcome.features()) && claimed.containsAll(outcome.features())) {
        (profile.isCore(outcome.features()) ? core : extended).add(outcome);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", profile.name());
    out.put("core", section(core));
    Map<String, Object> ext = section(extended);
    ext.put("supportedFeatures", profile.extended().stream().filter(claimed::contains).toList());
    ext.put(
        "unsupportedFeatures",
        profile.extended().stream().filter(f -> !claimed.contains(f)).toList());
    out.put("extended", ext);
    return out;
  }

  private static Map<String, Object> section(List<TestOutcome> tests) {
    long passed = count(tests, TestOutcome.Result.PASSED);
    long failed = count(tests, TestOutcome.Result.FAILED);
    long skipped = count(tests, TestOutcome.Result.NOT_RUN);
    Map<String, Object> statistics = new LinkedHashMap<>();
    statistics.put("Passed", passed);
    statistics.put("Failed", failed);
    statistics.put("Skipped", skipped);
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("result", failed > 0 ? "failure" : skipped > 0 ? "partial" : "success");
    section.put("statistics", statistics);
    if (failed > 0 || skipped > 0) {
      section.put(
          "failedTests",
          tests.stream()
              .filter(t -> t.result() == TestOutcome.Result.FAILED)
              .map(TestOutcome::name)
              .sorted()
              .toList());
      section.put(
          "skippedTests",
          tests.stream()
              .filter(t -> t.result() == TestOutcome.Result.NOT_RUN)
              .map(TestOutcome::name)
              .sorted()
              .toList());
    }
    return section;
  }

  private static long count(List<TestOutcome> tests, TestOutcome.Result result) {
    return tests.stream().filter(t -> t.result() == result).count();
  }
}
