package dev.sluice.ir;

/** How a header or query parameter value is compared. */
public enum ValueMatchKind {
  /** The whole value equals the expected one (case-sensitive). */
  EXACT,
  /** The whole value matches a Java regular expression. */
  REGULAR_EXPRESSION
}
