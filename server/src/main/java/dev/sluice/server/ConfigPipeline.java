package dev.sluice.server;

import dev.sluice.ir.GatewayIr;
import dev.sluice.proxy.ApplyResult;
import dev.sluice.proxy.ListenerBinding;
import dev.sluice.proxy.ProxyServer;
import dev.sluice.proxy.SnapshotCompileException;
import dev.sluice.source.LoadResult;
import dev.sluice.source.Problem;
import dev.sluice.translate.AddressPlan;
import dev.sluice.translate.TranslationMemo;
import dev.sluice.translate.TranslationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one {@link LoadResult} through translate → compile → swap, and publishes the resulting
 * statuses. Translation goes through a {@link TranslationMemo}, so that a reload translates only
 * the routes that changed. Keeps the last good config serving when a reload is broken: a file that
 * cannot be read, or an IR the data plane cannot compile, changes nothing but the reported
 * problems. Within a config that applies, a TLS listener whose Secret became unusable keeps its
 * last good certificate (see {@link CertificateCarryOver}).
 *
 * <p>Thread-safe: {@link #apply(LoadResult)} is serialized; {@link #report()} may be read from any
 * thread.
 */
final class ConfigPipeline {

  private static final Logger log = LoggerFactory.getLogger(ConfigPipeline.class);

  private final ProxyServer proxy;
  private final AddressAllocator addresses;
  private volatile StatusReport report = StatusReport.EMPTY;
  private volatile boolean applied;
  private volatile long generation;
  private List<ListenerBinding> bindings = List.of();
  private Optional<TranslationResult> lastGood = Optional.empty();
  private final TranslationMemo memo = new TranslationMemo(); // guarded by this

  ConfigPipeline(ProxyServer proxy, AddressAllocator addresses) {
    this.proxy = proxy;
    this.addresses = addresses;
  }

  /** Applies a new config, or keeps the last good one and reports why not. */
  synchronized void apply(LoadResult load) {
    try {
      if (load.hasErrors() && lastGood.isPresent()) {
        keepLastGood(load.problems(), "the config has errors");
        return;
      }
      AddressPlan plan = addresses.plan(load.resources().gateways());
      TranslationResult result =
          CertificateCarryOver.translate(
              load.resources(),
              plan,
              lastGood.map(TranslationResult::ir).orElse(GatewayIr.EMPTY),
              memo);
      if (!applied || !result.ir().equals(proxy.currentIr())) {
        swap(result.ir());
      }
      lastGood = Optional.of(result);
      publish(result, load.problems());
      log.info(
          "config applied: {} listener(s), {} object(s), {} problem(s)",
          result.ir().listeners().size(),
          result.statuses().size(),
          report.problems().size());
      report.problems().forEach(problem -> log.warn("{}", problem));
    } catch (SnapshotCompileException e) {
      keepLastGood(load.problems(), e.getMessage());
    } catch (RuntimeException e) {
      // A bug in translation must not take down what is serving: report it and keep going.
      log.error("config could not be applied; keeping the last good config", e);
      keepLastGood(load.problems(), "internal error: " + e);
    } finally {
      applied = true;
      generation++;
    }
  }

  private void swap(GatewayIr ir) throws SnapshotCompileException {
    ApplyResult result = proxy.apply(ir);
    bindings = result.bindings();
    bindings.stream()
        .filter(binding -> binding.error().isPresent())
        .forEach(
            binding -> log.error("listener {}: {}", binding.listenerName(), binding.error().get()));
  }

  private void publish(TranslationResult result, List<Problem> loadProblems) {
    List<Problem> problems = new ArrayList<>(loadProblems);
    problems.addAll(result.problems());
    report =
        new StatusReport(
            BindStatusPatcher.patch(result.statuses(), result.ir(), bindings), problems);
  }

  private void keepLastGood(List<Problem> loadProblems, String why) {
    List<Problem> problems = new ArrayList<>(loadProblems);
    problems.add(
        new Problem(
            Problem.Severity.ERROR,
            Optional.empty(),
            Optional.empty(),
            "",
            why + "; still serving the last good config"));
    List<Problem> translationProblems = lastGood.map(TranslationResult::problems).orElse(List.of());
    problems.addAll(translationProblems);
    report = new StatusReport(report.objects(), problems);
    problems.forEach(problem -> log.warn("{}", problem));
  }

  StatusReport report() {
    return report;
  }

  /** True once the first config has been applied (listeners bound or reported). */
  boolean applied() {
    return applied;
  }

  /** Counts apply attempts; tests wait on it instead of sleeping. */
  long generation() {
    return generation;
  }
}
