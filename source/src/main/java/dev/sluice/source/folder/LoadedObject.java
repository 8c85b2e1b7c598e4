package dev.sluice.source.folder;

import dev.sluice.source.ObjectRef;
import dev.sluice.source.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object read from a config file, with its defaults applied.
 *
 * <p>Immutable by convention: the object is not modified after it has been read.
 */
record LoadedObject(
    ResourceKind kind, HasMetadata object, ObjectRef ref, SourceLocation location) {}
