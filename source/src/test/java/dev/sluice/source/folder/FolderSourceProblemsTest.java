package dev.sluice.source.folder;

import static dev.sluice.source.folder.FolderSourceLoadTest.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.source.LoadResult;
import dev.sluice.source.ObjectRef;
import dev.sluice.source.Problem;
import dev.sluice.source.Problem.Severity;
import dev.sluice.source.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceProblemsTest {

  @TempDir Path dir;

  @Test
  void yamlSyntaxErrorNamesTheLineAndRejectsTheWholeFile() throws IOException {
    Path file =
        write(
            "broken.yaml",
            service("fine")
                + """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: [unclosed
                """);

    LoadResult result = load();

    Problem problem = single(result);
    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.location()).contains(new SourceLocation(file.toString(), 12));
    assertThat(problem.message()).startsWith("invalid YAML: ").doesNotContain("\n");
    assertThat(result.resources().services()).isEmpty();
  }

  @Test
  void typeErrorNamesFieldPathAndLineOfTheValue() throws IOException {
    Path file =
        write(
            "gw.yaml",
            """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata:
              name: web
            spec:
              gatewayClassName: sluice
              listeners:
              - name: http
                port: 80
                protocol: HTTP
              - name: other
                port: abc
                protocol: HTTP
            """);

    Problem problem = single(load());

    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.location()).contains(new SourceLocation(file.toString(), 12));
    assertThat(problem.object()).contains(new ObjectRef("Gateway", "default", "web"));
    assertThat(problem.field()).isEqualTo("spec.listeners[1].port");
    assertThat(problem.message()).isEqualTo("expected an integer, got \"abc\"");
  }

  @Test
  void quotedNumbersAndStructureMismatchesAreTypeErrors() throws IOException {
    write(
        "svc.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: a
        spec:
          ports:
          - port: "80"
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: b
        spec:
          ports: none
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: c
        spec:
          type:
            nested: value
        """);

    List<Problem> problems = load().problems();

    assertThat(problems)
        .extracting(Problem::field)
        .containsExactly("spec.ports[0].port", "spec.ports", "spec.type");
    assertThat(problems.get(0).message()).isEqualTo("expected an integer, got \"80\"");
    assertThat(problems.get(1).message()).isEqualTo("expected a list, got \"none\"");
    assertThat(problems.get(2).message()).isEqualTo("expected a string, got a mapping");
    assertThat(problems)
        .extracting(p -> p.location().orElseThrow().line())
        .containsExactly(7, 14, 22); // a mapping value starts at its first key
  }

  @Test
  void unsupportedKindIsAWarningAndTheRestOfTheFileLoads() throws IOException {
    Path file =
        write(
            "mixed.yaml",
            service("a")
                + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                """);

    LoadResult result = load();

    Problem problem = single(result);
    assertThat(problem.severity()).isEqualTo(Severity.WARNING);
    assertThat(problem.location()).contains(new SourceLocation(file.toString(), 9));
    assertThat(problem.message())
        .contains("unsupported kind apps/v1 Deployment")
        .contains("supported: gateway.networking.k8s.io/v1 GatewayClass");
    assertThat(result.hasErrors()).isFalse();
    assertThat(result.resources().services()).hasSize(1);
  }

  @Test
  void missingNameIsAnErrorAtTheDocumentLine() throws IOException {
    Path file =
        write(
            "noname.yaml",
            service("a")
                + """
                ---

                apiVersion: v1
                kind: Secret
                metadata:
                  namespace: x
                """);

    LoadResult result = load();

    Problem problem = single(result);
    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.location()).contains(new SourceLocation(file.toString(), 10));
    assertThat(problem.field()).isEqualTo("metadata.name");
    assertThat(result.resources().services()).isEmpty();
  }

  @Test
  void documentsThatAreNotObjectsAreErrors() throws IOException {
    write(
        "odd.yaml",
        """
        - a list
        ---
        just text
        ---
        kind: Service
        metadata:
          name: a
        ---
        apiVersion: v1
        metadata:
          name: b
        """);

    List<Problem> problems = load().problems();

    assertThat(problems)
        .extracting(p -> p.location().orElseThrow().line() + " " + p.field() + " " + p.message())
        .containsExactly(
            "1  expected a mapping with apiVersion and kind, found a list",
            "3  expected a mapping with apiVersion and kind, found a string",
            "5 apiVersion missing apiVersion; every document needs apiVersion and kind",
            "9 kind missing kind; every document needs apiVersion and kind");
  }

  @Test
  void yamlAliasesAreReportedRatherThanMisread() throws IOException {
    write(
        "alias.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: a
          labels: &labels
            app: x
        spec:
          selector: *labels
        """);

    LoadResult result = load();

    Problem problem = single(result);
    assertThat(problem.location().orElseThrow().line()).isEqualTo(8);
    assertThat(problem.message()).contains("alias *labels is not supported");
    assertThat(result.resources().services()).isEmpty();
  }

  @Test
  void unknownFieldsAreIgnoredWithAWarning() throws IOException {
    write(
        "route.yaml",
        """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: r
        spec:
          hostname: example.com
          rules:
          - matches:
            - path: {type: PathPrefix, value: /}
              extra:
                deep: true
        """);

    LoadResult result = load();

    assertThat(result.hasErrors()).isFalse();
    assertThat(result.problems())
        .extracting(p -> p.location().orElseThrow().line() + " " + p.field())
        .containsExactly("6 spec.hostname", "11 spec.rules[0].matches[0].extra");
    var route = result.resources().httpRoutes().get(0);
    assertThat(route.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue())
        .isEqualTo("/");
    assertThat(route.getSpec().getAdditionalProperties()).isEmpty();
  }

  @Test
  void duplicateKeysAreErrors() throws IOException {
    write(
        "dup.yaml",
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: a
          name: b
        """);

    Problem problem = single(load());

    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.location().orElseThrow().line()).isEqualTo(5);
  }

  @Test
  void duplicateObjectsKeepTheFirstAndNameBothLocations() throws IOException {
    Path first = write("a.yaml", service("same"));
    Path second = write("b.yaml", service("other") + "---\n" + service("same"));

    LoadResult result = load();

    Problem problem = single(result);
    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.location()).contains(new SourceLocation(second.toString(), 9));
    assertThat(problem.object()).contains(new ObjectRef("Service", "default", "same"));
    assertThat(problem.message()).contains(first + ":1");
    assertThat(result.resources().locationOf(new ObjectRef("Service", "default", "same")))
        .contains(new SourceLocation(first.toString(), 1));
    assertThat(result.resources().services()).hasSize(2);
  }

  @Test
  void aBadFileDoesNotAffectOtherFiles() throws IOException {
    write("good.yaml", service("good"));
    write("bad.yaml", service("bad").replace("port: 80", "port: eighty"));

    LoadResult result = load();

    assertThat(result.hasErrors()).isTrue();
    assertThat(result.resources().services())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("good");
  }

  @Test
  void missingPathIsAnError() {
    Path missing = dir.resolve("nowhere");

    LoadResult result = new FolderSource(List.of(missing)).load();

    Problem problem = single(result);
    assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    assertThat(problem.location()).contains(new SourceLocation(missing.toString(), 0));
    assertThat(problem.toString()).contains("does not exist");
  }

  private LoadResult load() {
    return new FolderSource(List.of(dir)).load();
  }

  private static Problem single(LoadResult result) {
    assertThat(result.problems()).hasSize(1);
    return result.problems().get(0);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
