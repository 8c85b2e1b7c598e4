/**
 * Certificates and keys: PEM encoding and parsing, and a small certificate authority (BouncyCastle)
 * that issues server, client and SPIFFE certificates for demos and tests.
 */
package dev.sluice.identity;
