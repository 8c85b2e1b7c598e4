/**
 * Sluice's own API kinds ({@code gateway.sluice.dev/v1alpha1}), as Jackson-bindable model classes
 * shaped like Kubernetes custom resources, so that sources, the translator and the status API
 * handle them like the fabric8 Gateway API classes.
 */
package dev.sluice.source.api;
