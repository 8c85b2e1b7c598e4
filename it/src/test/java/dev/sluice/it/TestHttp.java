package dev.sluice.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** Request builders for the JDK client. */
final class TestHttp {

  private TestHttp() {}

  static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
  }
}
