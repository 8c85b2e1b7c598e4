package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpFilterSpec;

/**
 * The one ordering table of built-in filters within a rule (and within a backend's filters, which
 * run after the rule's). Filters of the same position keep their config order.
 */
enum FilterPosition {
  /** CORS answers preflights before anything else: a preflight is never redirected or forwarded. */
  CORS,
  /** A redirect answers before anything else, so no mirror or header change has side effects. */
  REDIRECT,
  /** Header edits come before rewrites and mirrors, so both see the edited request. */
  REQUEST_HEADERS,
  /** Rewrites change Host and path after header edits, as the user wrote them. */
  URL_REWRITE,
  /** The mirror copies the request exactly as the chosen backend will receive it. */
  MIRROR,
  /** Response edits only act on the response, so their position among request filters is moot. */
  RESPONSE_HEADERS;

  static FilterPosition of(HttpFilterSpec spec) {
    return switch (spec) {
      case HttpFilterSpec.Cors c -> CORS;
      case HttpFilterSpec.RequestRedirect r -> REDIRECT;
      case HttpFilterSpec.RequestHeaderModifier m -> REQUEST_HEADERS;
      case HttpFilterSpec.UrlRewrite u -> URL_REWRITE;
      case HttpFilterSpec.RequestMirror m -> MIRROR;
      case HttpFilterSpec.ResponseHeaderModifier m -> RESPONSE_HEADERS;
    };
  }
}
