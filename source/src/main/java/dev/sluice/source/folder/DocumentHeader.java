package dev.sluice.source.folder;

import java.util.Optional;

/**
 * What the first pass over a YAML file learned about one document: where it starts and what it
 * claims to be.
 *
 * @param index the 0-based position of the document in its file, counting empty documents
 * @param line the 1-based line of the document's first token
 * @param apiVersion the top-level {@code apiVersion} string, if present
 * @param kind the top-level {@code kind} string, if present
 * @param name {@code metadata.name}, if present
 * @param namespace {@code metadata.namespace}, if present
 */
record DocumentHeader(
    int index,
    int line,
    Optional<String> apiVersion,
    Optional<String> kind,
    Optional<String> name,
    Optional<String> namespace) {}
