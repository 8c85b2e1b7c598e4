package dev.sluice.proxy.overload;

import com.sun.management.GcInfo;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link MemoryGauge} of the running JVM. Thread-safe (the MXBeans are; nothing is cached
 * between calls).
 *
 * <p>Heap: the heap pools' usage right after the most recent collection of any collector (young
 * collections included), so that garbage waiting to be collected is not mistaken for pressure,
 * against the heap maximum ({@code -Xmx}). The tenured pools' own "usage after collection" is not
 * enough on its own: G1 updates it only after a concurrent or full cycle, so it reads 0 through
 * hours of young collections that promote into the old generation. Before the first collection (or
 * on a JVM without {@code com.sun.management}), the current heap usage is used.
 *
 * <p>Direct: Netty's own counter (exact when Netty allocates without cleaners) or the JDK's {@code
 * direct} buffer pool, whichever is larger, against Netty's direct-memory maximum ({@code
 * -XX:MaxDirectMemorySize}, or the heap maximum by default).
 */
final class JvmMemoryGauge implements MemoryGauge {

  static final JvmMemoryGauge INSTANCE = new JvmMemoryGauge();

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .toList();
  private final List<com.sun.management.GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans().stream()
          .filter(c -> c instanceof com.sun.management.GarbageCollectorMXBean)
          .map(c -> (com.sun.management.GarbageCollectorMXBean) c)
          .toList();
  private final Optional<BufferPoolMXBean> directPool =
      ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
          .filter(p -> p.getName().equals("direct"))
          .findFirst();

  private JvmMemoryGauge() {}

  @Override
  public double heapFraction() {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : Runtime.getRuntime().maxMemory();
    if (max <= 0) {
      return 0;
    }
    long used = lastCollection().map(this::heapUsedAfter).orElse(heap.getUsed());
    return used / (double) max;
  }

  /** The most recent collection of any collector, if one has run. */
  private Optional<GcInfo> lastCollection() {
    GcInfo latest = null;
    for (com.sun.management.GarbageCollectorMXBean collector : collectors) {
      GcInfo info = collector.getLastGcInfo();
      if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
        latest = info;
      }
    }
    return Optional.ofNullable(latest);
  }

  private long heapUsedAfter(GcInfo collection) {
    Map<String, MemoryUsage> after = collection.getMemoryUsageAfterGc();
    long used = 0;
    for (String pool : heapPools) {
      MemoryUsage usage = after.get(pool);
      if (usage != null) {
        used += usage.getUsed();
      }
    }
    return used;
  }

  @Override
  public double directFraction() {
    long max = PlatformDependent.maxDirectMemory();
    if (max <= 0) {
      return 0;
    }
    long used =
        Math.max(
            PlatformDependent.usedDirectMemory(),
            directPool.map(BufferPoolMXBean::getMemoryUsed).orElse(0L));
    return Math.max(0, used) / (double) max;
  }

  @Override
  public String toString() {
    return "MemoryGauge.jvm(collectors "
        + collectors.stream().map(GarbageCollectorMXBean::getName).toList()
        + ")";
  }
}
