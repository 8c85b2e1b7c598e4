# Sourced by ./sluice and bench/: the JVM options Sluice runs with unless SLUICE_JAVA_OPTS is set.
# Chosen by measurement (docs/performance.md, "JVM settings"): G1 with a small, capped heap keeps
# RSS low and p99 flat; ZGC grew to its cap and stayed there. Bodies stream through pooled direct
# buffers, so the heap holds config and per-request state only. Compact object headers (JDK 25+)
# cut CPU per request by 12-15 %. Netty's sampling leak detector costs ~2.5 % of the event loop's
# CPU (a stack trace per sampled buffer): the tests run it at "paranoid" and CI fails on any
# report, so production runs without it. A dynamic class-data-sharing archive next to the jar (written at
# the first exit of `sluice run`, rewritten when the jar changes) takes class loading off the
# start-up path; other commands do not write it, so it holds the classes a running gateway uses.

sluice_default_java_opts() { # java-binary archive-file command
  opts="-XX:+UseG1GC -Xms16m -Xmx${SLUICE_HEAP:-256m} -XX:MaxDirectMemorySize=${SLUICE_DIRECT_MEMORY:-256m}"
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
