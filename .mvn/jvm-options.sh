# Sourced by ./sluice and bench/: the JVM options Sluice runs with unless SLUICE_JAVA_OPTS is set.
# Chosen by measurement (docs/performance.md, "JVM settings"): a small, capped heap keeps RSS low;
# ZGC grew to its cap and stayed there; the collector is chosen below. Bodies stream through pooled direct
# buffers, so the heap holds config and per-request state only. Compact object headers (JDK 25+)
# cut CPU per request by 12-15 %. Netty's sampling leak detector costs ~2.5 % of the event loop's
# CPU (a stack trace per sampled buffer): the tests run it at "paranoid" and CI fails on any
# report, so production runs without it. A dynamic class-data-sharing archive next to the jar (written at
# the first exit of `sluice run`, rewritten when the jar changes) takes class loading off the
# start-up path; other commands do not write it, so it holds the classes a running gateway uses.

# The collector. On up to 2 CPUs, Serial: the heap is a small live set (config, connections) plus
# per-request garbage that dies young, and G1's concurrent threads and post-pause work compete with
# the event loop for the same core; a fixed 32 MiB young generation makes a minor pause every ~45 ms
# of full load, ~0.5 ms each. Measured on 2 cores (docs/performance.md, run G): p99 7.4 -> 3.9 ms at
# 1 worker, 5.3 -> 3.1 ms at 2, +4 % req/s, idle RSS within 150 MiB. Above 2 CPUs, G1, whose
# parallel and adaptive young collections scale with the event loops (Serial would collect the
# garbage of all loops on one thread).
sluice_gc_opts() {
  if [ "$(nproc 2>/dev/null || echo 1)" -le 2 ]; then
    echo "-XX:+UseSerialGC -XX:NewSize=32m"
  else
    echo "-XX:+UseG1GC"
  fi
}

sluice_default_java_opts() { # java-binary archive-file command
  opts="$(sluice_gc_opts) -Xms16m -Xmx${SLUICE_HEAP:-256m} -XX:MaxDirectMemorySize=${SLUICE_DIRECT_MEMORY:-256m}"
  opts="$opts -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
  opts="$opts -Dio.netty.leakDetection.level=disabled"
  if [ "$(sluice_java_feature "$1")" -ge 25 ]; then
    opts="$opts -XX:+UseCompactObjectHeaders"
  fi
  if [ "${3:-}" = run ] && [ -w "$(dirname "$2")" ]; then
    opts="$opts -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$2 -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
  echo "$opts"
}
