package dev.sluice.proxy.http1;

/** The named phases an {@link Exchange} goes through, in order. */
enum ExchangePhase {
  REQUEST_HEADERS,
  ROUTE,
  REQUEST_FILTERS,
  SELECT_UPSTREAM,
  CONNECT,
  UPSTREAM_REQUEST,
  RESPONSE_HEADERS,
  RESPONSE_BODY,
  COMPLETE
}
