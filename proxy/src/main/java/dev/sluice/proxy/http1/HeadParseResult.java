package dev.sluice.proxy.http1;

/**
 * What parsing a request head gave: the {@link RequestHead} itself (so that a good head costs no
 * wrapper object per request), or {@link Bad} with the reason it is a bad request. Immutable.
 */
sealed interface HeadParseResult permits RequestHead, HeadParseResult.Bad {

  /** Why a head could not be parsed. */
  record Bad(String error) implements HeadParseResult {}
}
