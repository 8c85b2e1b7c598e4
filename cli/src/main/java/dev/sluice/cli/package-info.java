/** The {@code sluice} command line: run, validate, translate, status, echo, version. */
package dev.sluice.cli;
