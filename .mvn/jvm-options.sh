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
# the event loop for the same core. Measured on 2 cores (docs/performance.md, run G): p99 7.4 -> 3.9 ms
# at 1 worker, 5.3 -> 3.1 ms at 2, +4 % req/s. Above 2 CPUs, G1, whose parallel and adaptive young
# collections scale with the event loops (Serial would collect the garbage of all loops on one
# thread).
# The young generation: 32 MiB (-Xms above it, or NewSize is cut to fit). A young collection costs
# about the same whatever its size (it copies what is in flight, ~1 MiB for HTTP/2's 500 streams,
# which all die by the next one), so its CPU falls with its frequency: HTTP/2 over TLS allocates
# ~6 KB per request and collected 16 times a second at 16 MiB; at 32 MiB, 7 times, GC CPU 1.6 ->
# 0.8 us per request. HTTP/1.1's p99 at 1 worker is unchanged; idle RSS +6 MiB (within 150).
sluice_gc_opts() {
  if [ "$(nproc 2>/dev/null || echo 1)" -le 2 ]; then
    echo "-XX:+UseSerialGC -Xms40m -XX:NewSize=32m"
  else
    echo "-XX:+UseG1GC -Xms16m"
  fi
}

sluice_default_java_opts() { # java-binary archive-file command
  opts="$(sluice_gc_opts) -Xmx${SLUICE_HEAP:-256m} -XX:MaxDirectMemorySize=${SLUICE_DIRECT_MEMORY:-256m}"
  opts="$opts -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
  opts="$opts -Dio.netty.leakDetection.level=disabled"
  # Netty registers JFR event classes for its allocator on first use (~55 ms on the admin API's
  # first request); nobody records them unless they profile, and then they can set it back.
  opts="$opts -Dio.netty.jfr.enabled=false"
  # The event loop's outermost methods run forever; C2 inlined the whole pipeline into them, and any
  # uncommon trap (a connection closing, a new code path) threw away and recompiled that giant unit
  # for CPU-seconds on the loop's own core. An inlining boundary per batch of events keeps compile
  # units per handler: p99 3.3 -> 2.7 ms, p99.9 12.9 -> 9.0 ms at 1 worker (run G). "quiet": no
  # output, and no effect where the methods do not exist (another Netty version or transport).
  opts="$opts -XX:CompileCommand=quiet"
  opts="$opts -XX:CompileCommand=dontinline,io.netty.channel.epoll.EpollIoHandler::processReady"
  opts="$opts -XX:CompileCommand=dontinline,io.netty.util.concurrent.SingleThreadEventExecutor::runAllTasks"
  # C2 compiles branches and receiver types it never saw in the profile as uncommon traps. A burst of
  # connections opening or closing (a client reconnecting) takes them: ~20 traps per burst in the
  # loop's hottest methods (epollInReady, processReady, Socket.recvAddress, notifyListeners,
  # handleRelease...), each a deoptimisation and a recompile on the loop's own core, and all
  # connections wait 5-15 ms every ~8 ms for up to a second. With no trap budget C2 compiles those
  # paths instead: deoptimisations after start-up ~95 -> ~5 per JVM; worst latency in the first
  # second after 50 new connections 50 / 60 / 95 -> 36 / 28 / 50 ms and h2load p99.9 12.1 / 10.7 /
  # 11.5 -> 8.1 / 9.3 / 8.5 ms (3 A/Bs of 3-4 fresh JVMs, 1 worker); wrk p99.9 better in 3 of 4
  # A/Bs, p99 unchanged; CPU per request (median of 18 windows 25.0 -> 24.3 us) and start-up
  # unchanged within noise (bench/modes.sh; docs/performance.md, "JIT: deoptimisation at bursts").
  opts="$opts -XX:PerMethodTrapLimit=0"
  if [ "$(sluice_java_feature "$1")" -ge 25 ]; then
    opts="$opts -XX:+UseCompactObjectHeaders"
  fi
  if [ "${3:-}" = run ] && [ -w "$(dirname "$2")" ]; then
    opts="$opts -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$2 -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
  echo "$opts"
}
