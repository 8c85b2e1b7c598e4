package dev.sluice.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ir.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Passive health with a settable clock: ejection, its growth and decay, its cap, and return. */
class OutlierDetectionTest {

  private final AtomicLong clock = new AtomicLong(1_000);
  private final Clusters clusters =
      new Clusters(UpstreamLimits.DEFAULTS, OutlierPolicy.DEFAULTS, clock::get);
  private final Cluster cluster = clusters.cluster("default/svc:80");
  private final List<Endpoint> three = endpoints(3);

  @Test
  void fiveConsecutiveFailuresEjectForThirtySecondsThenTrafficReturns() {
    EndpointHealth bad = seen(three).get(0);
    fail(bad, 4);
    assertThat(bad.ejected()).isFalse();
    fail(bad, 1);
    assertThat(bad.ejected()).isTrue();
    assertThat(picks(200)).doesNotContain(bad.endpoint());

    advance(Duration.ofSeconds(29));
    assertThat(bad.ejected()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(bad.ejected()).isFalse();
    assertThat(picks(200)).contains(bad.endpoint());
  }

  @Test
  void aSuccessEndsTheStreak() {
    EndpointHealth flaky = seen(three).get(1);
    for (int round = 0; round < 10; round++) {
      fail(flaky, 4);
      flaky.recordSuccess();
    }
    assertThat(flaky.ejected()).isFalse();
  }

  @Test
  void ejectionTimeGrowsWithTheEjectionCountAndDecaysInService() {
    EndpointHealth bad = seen(three).get(0);
    fail(bad, 5);
    advance(Duration.ofSeconds(30));
    assertThat(bad.ejected()).isFalse();
    fail(bad, 5);
    assertThat(bad.ejections()).isEqualTo(2);
    advance(Duration.ofSeconds(59));
    assertThat(bad.ejected()).as("second ejection lasts 60 s").isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(bad.ejected()).isFalse();

    // 20 s in service forgive two ejections: the next one is a first one again (30 s).
    advance(Duration.ofSeconds(20));
    fail(bad, 5);
    assertThat(bad.ejections()).isEqualTo(1);
    advance(Duration.ofSeconds(30));
    assertThat(bad.ejected()).isFalse();
  }

  @Test
  void ejectionTimeIsCappedAtMaxEjection() {
    EndpointHealth bad = seen(three).get(0);
    for (int i = 0; i < 12; i++) {
      fail(bad, 5);
      assertThat(bad.ejected()).isTrue();
      advance(Duration.ofSeconds(Math.min(30L * (i + 1), 300)));
      assertThat(bad.ejected()).as("ejection %d ends within 300 s", i + 1).isFalse();
    }
  }

  @Test
  void atMostTenPercentButAlwaysOneOfTwoOrMore() {
    List<EndpointHealth> hosts = seen(three);
    fail(hosts.get(0), 5);
    fail(hosts.get(1), 5);
    assertThat(hosts.get(0).ejected()).isTrue();
    assertThat(hosts.get(1).ejected()).as("10%% of 3 rounds to the minimum of one").isFalse();
    assertThat(cluster.ejectedCount()).isEqualTo(1);

    Cluster single = clusters.cluster("default/single:80");
    EndpointHealth only = single.pick(endpoints(1));
    fail(only, 50);
    assertThat(only.ejected()).as("the only endpoint is never ejected").isFalse();

    Cluster twenty = clusters.cluster("default/twenty:80");
    List<Endpoint> list = endpoints(20);
    list.forEach(e -> fail(twenty.pick(List.of(e)), 0));
    twenty.pick(list);
    list.forEach(e -> fail(twenty.host(e), 5));
    assertThat(twenty.ejectedCount()).isEqualTo(2);
  }

  @Test
  void aReloadDoesNotForgetAnEjection() {
    EndpointHealth bad = seen(three).get(2);
    fail(bad, 5);
    Cluster again = clusters.cluster("default/svc:80");
    assertThat(again).isSameAs(cluster);
    assertThat(again.host(bad.endpoint()).ejected()).isTrue();
  }

  private List<EndpointHealth> seen(List<Endpoint> endpoints) {
    cluster.pick(endpoints);
    return endpoints.stream().map(cluster::host).toList();
  }

  private List<Endpoint> picks(int n) {
    return IntStream.range(0, n).mapToObj(i -> cluster.pick(three).endpoint()).toList();
  }

  private static void fail(EndpointHealth health, int times) {
    for (int i = 0; i < times; i++) {
      health.recordFailure();
    }
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  private static List<Endpoint> endpoints(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Endpoint("10.0.0." + (i + 1), 80)).toList();
  }
}
