package dev.sluice.proxy.filter;

import dev.sluice.ir.HttpHeader;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Header edits of a header modifier: {@code set} replaces, {@code add} appends, {@code remove}
 * deletes; names compare case-insensitively. Immutable; values were validated at compile time.
 */
record HeaderEdits(List<HttpHeader> set, List<HttpHeader> add, List<String> remove) {

  HeaderEdits {
    set = List.copyOf(set);
    add = List.copyOf(add);
    remove = List.copyOf(remove);
  }

  void apply(HttpHeaders headers) {
    for (HttpHeader h : set) {
      headers.set(h.name(), h.value());
    }
    for (HttpHeader h : add) {
      headers.add(h.name(), h.value());
    }
    for (String name : remove) {
      headers.remove(name);
    }
  }
}
