package dev.sluice.server;

import dev.sluice.ir.GatewayIr;
import dev.sluice.source.LoadResult;
import dev.sluice.source.Problem;
import dev.sluice.source.folder.FolderSource;
import dev.sluice.translate.TranslationResult;
import dev.sluice.translate.Translator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and translates a config once, without binding anything: what {@code sluice validate} and
 * {@code sluice translate} show.
 *
 * <p>Stateless.
 */
public final class OfflineTranslation {

  private OfflineTranslation() {}

  /** The IR and statuses the config would produce, with every problem found on the way. */
  public static Result translate(ServerOptions options) {
    try (FolderSource source = new FolderSource(options.configPaths(), options.debounce())) {
      LoadResult load = source.load();
      AddressAllocator addresses =
          new AddressAllocator(options.gatewayAddress(), options.addressPool());
      TranslationResult translation =
          Translator.translate(load.resources(), addresses.plan(load.resources().gateways()));
      List<Problem> problems = new ArrayList<>(load.problems());
      problems.addAll(translation.problems());
      return new Result(translation.ir(), new StatusReport(translation.statuses(), problems));
    }
  }

  /** What an offline translation produced. */
  public record Result(GatewayIr ir, StatusReport report) {}
}
