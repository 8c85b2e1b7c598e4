package dev.sluice.ir;

import java.util.Objects;

/**
 * A private key in PEM. Its {@link #toString()} never shows the key, and the admin API redacts it,
 * so that logs and snapshots do not leak it.
 */
public record PrivateKeyPem(String pem) {

  public PrivateKeyPem {
    Objects.requireNonNull(pem, "pem");
  }

  @Override
  public String toString() {
    return "PrivateKeyPem[redacted]";
  }
}
