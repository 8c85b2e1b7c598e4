package dev.sluice.echo;

/**
 * Header names in the canonical form Go's {@code net/http} uses for {@code Request.Header} keys:
 * first letter and every letter after a hyphen in upper case, the rest in lower case ({@code
 * x-forwarded-for} → {@code X-Forwarded-For}). Names with a character that is not a token character
 * are left unchanged, as Go does. Stateless.
 */
final class GoHeaderNames {

  private GoHeaderNames() {}

  static String canonical(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        return name;
      }
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean upper = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return out.toString();
  }

  /** RFC 9110 {@code tchar}. */
  static boolean isTokenChar(char c) {
    if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
      return true;
    }
    return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
