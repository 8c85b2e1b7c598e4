/**
 * Test fixtures: a real Sluice started from inline YAML, real echo backends on ephemeral ports, and
 * helpers to wait on conditions instead of sleeping.
 */
package dev.sluice.testing;
