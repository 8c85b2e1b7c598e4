package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.TestOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Class J of reliability-security.md §4 (bodies parsed by the proxy): Sluice never decompresses,
 * decodes forms or parses multipart bodies, so a decompression or field bomb cannot cost it memory.
 * Each body reaches the backend byte for byte, with its {@code Content-Encoding}, and the proxy
 * keeps serving. (Body inspection by Wasm plugins, when it exists, must cap what it buffers.)
 */
class OpaqueBodyTest extends HostileTestBase {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterAll
  static void closeClient() {
    CLIENT.close();
  }

  @Test
  void j1_compressedBombIsForwardedCompressedNeverInflated() throws Exception {
    byte[] bomb = gzip(new byte[16 * 1024 * 1024]);

    HttpResponse<String> response = post(bomb, "application/octet-stream", "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    TestOrigin.Recorded seen = a.requests().getLast();
    assertThat(seen.bodyLength()).isEqualTo(bomb.length).isLessThan(64 * 1024);
    assertThat(seen.bodySha256()).isEqualTo(sha256(bomb));
    assertThat(seen.headers().get("content-encoding")).isEqualTo("gzip");
    assertStillServes();
  }

  @Test
  void j2_multipartWithAHundredThousandFieldsIsForwardedUnparsed() throws Exception {
    String boundary = "sluice-boundary";
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      form.append("--")
          .append(boundary)
          .append("\r\nContent-Disposition: form-data; name=\"f")
          .append(i)
          .append("\"\r\n\r\nv\r\n");
    }
    form.append("--").append(boundary).append("--\r\n");
    byte[] body = form.toString().getBytes(StandardCharsets.US_ASCII);

    HttpResponse<String> response =
        post(body, "multipart/form-data; boundary=" + boundary, "identity");

    assertThat(response.statusCode()).isEqualTo(200);
    TestOrigin.Recorded seen = a.requests().getLast();
    assertThat(seen.bodyLength()).isEqualTo(body.length);
    assertThat(seen.bodySha256()).isEqualTo(sha256(body));
    assertStillServes();
  }

  private HttpResponse<String> post(byte[] body, String contentType, String encoding)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/upload"))
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", contentType)
            .header("Content-Encoding", encoding)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(plain);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
