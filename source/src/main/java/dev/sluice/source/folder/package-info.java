/**
 * The folder source for standalone mode: Kubernetes-style YAML files read into a {@link
 * dev.sluice.source.ResourceSet} with file:line problems, and watched for changes. The entry point
 * is {@link dev.sluice.source.folder.FolderSource}; everything else is package-private.
 */
package dev.sluice.source.folder;
