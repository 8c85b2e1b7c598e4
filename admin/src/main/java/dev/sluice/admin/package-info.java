/**
 * The admin HTTP API ({@link dev.sluice.admin.AdminServer}): health, readiness, object statuses and
 * the IR snapshot, read from an {@link dev.sluice.admin.AdminModel} the server supplies. {@link
 * dev.sluice.admin.IrJson} is the IR's JSON form, shared with the CLI.
 */
package dev.sluice.admin;
