package dev.sluice.conformance.checks;

/**
 * The expected {@code Location} of a redirect (§5.4); an empty part takes the suite's default:
 * scheme → the request's, host → unchecked, port → '' or the scheme's default, path → the request
 * path.
 */
public record Redirect(String scheme, String host, String port, String path) {

  public static Redirect to() {
    return new Redirect("", "", "", "");
  }

  public Redirect scheme(String value) {
    return new Redirect(value, host, port, path);
  }

  public Redirect host(String value) {
    return new Redirect(scheme, value, port, path);
  }

  public Redirect port(String value) {
    return new Redirect(scheme, host, value, path);
  }

  public Redirect path(String value) {
    return new Redirect(scheme, host, port, value);
  }
}
