package dev.sluice.proxy.upstream;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The header fields of an upstream response head read by {@link PassThroughDecoder}, as a view over
 * the head's bytes: the fields are not decoded into a map unless someone changes them. Reads (get,
 * contains, iteration) work on the bytes; the first change copies every field into a validating
 * {@link HttpHeaders} map and every later call goes to that map, so filters, retries and
 * connection-budget headers see ordinary header semantics. Iteration yields {@link AsciiString}
 * views of the bytes, which the HTTP/1.1 encoder copies in bulk.
 *
 * <p>The fields were validated by {@link RawHeadScanner} (token names, visible ASCII values, no
 * hop-by-hop fields). Event-loop confined, like the message that holds it.
 */
final class RawHeaders extends HttpHeaders {

  private static final DefaultHttpHeadersFactory VALIDATING =
      DefaultHttpHeadersFactory.headersFactory().withNameValidation(true).withValueValidation(true);

  private final byte[] bytes;

  /** Per field: name start, name end, value start, value end (exclusive) in {@link #bytes}. */
  private final int[] fields;

  private final int count;

  /** The decoded map once anything changed; then the only state that counts. */
  private HttpHeaders decoded;

  RawHeaders(byte[] bytes, int[] fields, int count) {
    this.bytes = bytes;
    this.fields = fields;
    this.count = count;
  }

  private HttpHeaders decoded() {
    if (decoded == null) {
      HttpHeaders map = VALIDATING.newHeaders();
      for (int i = 0; i < count; i++) {
        map.add(name(i), value(i));
      }
      decoded = map;
    }
    return decoded;
  }

  private AsciiString name(int i) {
    int s = fields[4 * i];
    return new AsciiString(bytes, s, fields[4 * i + 1] - s, false);
  }

  private String value(int i) {
    int s = fields[4 * i + 2];
    return new String(bytes, s, fields[4 * i + 3] - s, StandardCharsets.ISO_8859_1);
  }

  private AsciiString valueView(int i) {
    int s = fields[4 * i + 2];
    return new AsciiString(bytes, s, fields[4 * i + 3] - s, false);
  }

  private boolean nameIs(int i, CharSequence name) {
    int s = fields[4 * i];
    int len = fields[4 * i + 1] - s;
    if (name.length() != len) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      int a = bytes[s + k];
      int b = name.charAt(k);
      if (a != b && lower(a) != lower(b)) {
        return false;
      }
    }
    return true;
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private int first(CharSequence name) {
    for (int i = 0; i < count; i++) {
      if (nameIs(i, name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public String get(CharSequence name) {
    if (decoded != null) {
      return decoded.get(name);
    }
    int i = first(name);
    return i < 0 ? null : value(i);
  }

  @Override
  public Integer getInt(CharSequence name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    Integer v = getInt(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public Short getShort(CharSequence name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    try {
      return Short.parseShort(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    Short v = getShort(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public Long getTimeMillis(CharSequence name) {
    return decoded().getTimeMillis(name);
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    return decoded().getTimeMillis(name, defaultValue);
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    if (decoded != null) {
      return decoded.getAll(name);
    }
    List<String> values = null;
    for (int i = 0; i < count; i++) {
      if (nameIs(i, name)) {
        if (values == null) {
          values = new ArrayList<>(2);
        }
        values.add(value(i));
      }
    }
    return values == null ? Collections.emptyList() : values;
  }

  @Override
  public List<Entry<String, String>> entries() {
    if (decoded != null) {
      return decoded.entries();
    }
    List<Entry<String, String>> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(new SimpleImmutableEntry<>(name(i).toString(), value(i)));
    }
    return all;
  }

  @Override
  public boolean contains(String name) {
    return contains((CharSequence) name);
  }

  @Override
  public boolean contains(CharSequence name) {
    return decoded != null ? decoded.contains(name) : first(name) >= 0;
  }

  @Override
  public Iterator<Entry<String, String>> iterator() {
    return decoded != null ? decoded.iterator() : entries().iterator();
  }

  @Override
  public Iterator<Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    if (decoded != null) {
      return decoded.iteratorCharSequence();
    }
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Entry<CharSequence, CharSequence> next() {
        if (next >= count) {
          throw new NoSuchElementException();
        }
        int i = next++;
        return new SimpleImmutableEntry<>(name(i), valueView(i));
      }
    };
  }

  @Override
  public boolean isEmpty() {
    return decoded != null ? decoded.isEmpty() : count == 0;
  }

  @Override
  public int size() {
    return decoded != null ? decoded.size() : count;
  }

  @Override
  public Set<String> names() {
    if (decoded != null) {
      return decoded.names();
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < count; i++) {
      names.add(name(i).toString());
    }
    return names;
  }

  @Override
  public HttpHeaders add(String name, Object value) {
    decoded().add(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    decoded().add(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    decoded().add(name, values);
    return this;
  }

  @Override
  public HttpHeaders add(CharSequence name, Iterable<?> values) {
    decoded().add(name, values);
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    decoded().addInt(name, value);
    return this;
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    decoded().addShort(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    decoded().set(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    decoded().set(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    decoded().set(name, values);
    return this;
  }

  @Override
  public HttpHeaders set(CharSequence name, Iterable<?> values) {
    decoded().set(name, values);
    return this;
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    decoded().setInt(name, value);
    return this;
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    decoded().setShort(name, value);
    return this;
  }

  @Override
  public HttpHeaders remove(String name) {
    if (decoded != null || first(name) >= 0) {
      decoded().remove(name);
    }
    return this;
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    if (decoded != null || first(name) >= 0) {
      decoded().remove(name);
    }
    return this;
  }

  @Override
  public HttpHeaders clear() {
    decoded().clear();
    return this;
  }
}
