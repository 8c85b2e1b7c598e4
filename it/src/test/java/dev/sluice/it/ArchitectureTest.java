package dev.sluice.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of DESIGN.md, checked on the compiled classes: the enforcer guards the Maven
 * dependencies, this guards the packages (including cycles inside a module).
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.sluice");
  }

  @Test
  void everyModuleIsImported() {
    for (String module : new String[] {"ir", "source", "translate", "proxy", "server", "cli"}) {
      org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.sluice." + module))
          .as(module)
          .isTrue();
    }
  }

  @Test
  void dataPlaneNeverSeesConfigSources() {
    noClasses()
        .that()
        .resideInAPackage("dev.sluice.proxy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "dev.sluice.source..",
            "dev.sluice.translate..",
            "dev.sluice.server..",
            "dev.sluice.cli..")
        .check(classes);
  }

  @Test
  void irDependsOnTheJdkOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.sluice.ir..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.sluice.ir..", "java..")
        .check(classes);
  }

  @Test
  void translatorDoesNoNetworking() {
    noClasses()
        .that()
        .resideInAPackage("dev.sluice.translate..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..", "java.net.http..", "java.nio.file..", "dev.sluice.proxy..")
        .check(classes);
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching("dev.sluice.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.sluice.(**)").should().beFreeOfCycles().check(classes);
  }
}
