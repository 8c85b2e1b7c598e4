#!/usr/bin/env bash
# Many fresh JVMs of Sluice alone, as bench/run.sh's http1 part runs it at 1 worker (pinned to CPU 1,
# small body, wrk with CONNS connections on CPU 0 beside the origin), to see how often a JVM lands in
# each steady-state mode and what the tail looks like, per variant of the JVM options:
#   VARIANTS="base tweak" OPTS_tweak="-XX:Foo" RUNS=6 bench/modes.sh
# Each variant's OPTS_<name> (empty when unset) is appended to SLUICE_JAVA_OPTS (default: the
# launcher's, .mvn/jvm-options.sh, without the class-data archive). "@LOG@" in the options becomes
# a per-JVM file prefix under the result directory, e.g. OPTS_x="-Xlog:safepoint:file=@LOG@-sp.log".
# JFR=yes records a JFR file per JVM over the measured window (profile settings); PROFILE=yes attaches
# async-profiler (ASPROF_LIB) over the window and writes collapsed CPU stacks per JVM (logs/<v>-<r>.collapsed).
# PERF_SCHED=yes records the scheduler's switches on the server CPU over the window
# (logs/<v>-<r>.sched; read with `perf sched timehist/latency -i`): who delays the event loop.
# After each window the JVM's compiled methods are listed (jcmd Compiler.codelist, logs/<v>-<r>.codelist).
# Runs are interleaved (variant order rotated per run). Per JVM: a raw.tsv line (as run.sh's),
# the window in JVM uptime seconds (window.tsv: for matching JIT/GC/safepoint logs against it) and
# CPU per thread over the window (logs/threads-<variant>-<run>.txt). Prints a summary per variant.
# WINDOWS=n measures n consecutive windows per JVM (rounds <run>.<window>): does a JVM keep its mode?
# LATLOG=yes adds, per JVM, one more window driven by h2load --h1 (1 thread, CONNS connections) whose
# per-request log (logs/<v>-<r>.requests: start µs, status, duration µs) shows when the slow requests
# happened, with the scheduler's switches on both CPUs (logs/<v>-<r>.latsched) for the same window.
# tcp.tsv: per window, loopback TCP segments, pure ACKs and delayed ACKs per request (all sockets of
# the machine: client, Sluice and origin; nstat).
# cpus.tsv: per window, the busy/softirq/idle share of each CPU (from /proc/stat).
# WARMUP_CYCLES=n splits the warm-up into n wrk runs (n connection set-ups and tear-downs instead of one).
# Knobs: RUNS (6), WARMUP (15), DURATION (8), CONNS (50), SKIP_BUILD (no), SLOW_US (21.5: CPU
# µs/req at or above which a JVM counts as the slow mode).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
: "${RUNS:=6}" "${DURATION:=8}" "${WARMUP:=15}" "${CONNS:=50}" "${SKIP_BUILD:=no}"
: "${VARIANTS:=base}" "${JFR:=no}" "${SLOW_US:=21.5}" "${PROFILE:=no}" "${PERF_SCHED:=no}" "${WINDOWS:=1}" "${LATLOG:=no}" "${WARMUP_CYCLES:=1}"
: "${ASPROF_LIB:=/tmp/ap/linux-x64/libasyncProfiler.so}"
. "$BENCH/lib/configs.sh"
. "$BENCH/lib/procs.sh"
. "$BENCH/lib/parts.sh"
. "$ROOT/.mvn/select-jdk.sh"
. "$ROOT/.mvn/jvm-options.sh"
JAVA="$JAVA_HOME/bin/java"
: "${SLUICE_JAVA_OPTS:=$(sluice_default_java_opts "$JAVA" /nonexistent/sluice.jsa run)}"
SLUICE_JAR="$ROOT/cli/target/sluice-cli.jar"
[ "$SKIP_BUILD" = yes ] || (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -pl cli -am package >&2)
export PATH=$PATH:/usr/sbin

OUT="$BENCH/results/modes-$(date +%Y%m%d-%H%M%S)"
WORK=$(mktemp -d /tmp/sluice-modes.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$OUT/logs"
printf 'part\tscenario\tworkers\ttarget\tround\trps\tp50_us\tp99_us\tp999_us\terrors\tcpu_us_per_req\trss_kb\n' >"$OUT/raw.tsv"
printf 'variant\trun\tpid\tstart_s\tend_s\n' >"$OUT/window.tsv"
printf 'variant\tround\tsegs_per_req\tpure_acks_per_req\tdelayed_acks_per_req\n' >"$OUT/tcp.tsv"
printf 'variant\tround\tcpu\tuser%%\tsys%%\tsoftirq%%\tidle%%\n' >"$OUT/cpus.tsv"
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Seconds since process $1 started (the JVM's uptime, to within a clock tick).
uptime_of() { # pid
  awk -v hz="$CLK_TCK" -v up="$(cut -d' ' -f1 /proc/uptime)" \
    '{ sub(/^.*\) /, ""); printf "%.2f", up - $20 / hz }' "/proc/$1/stat"
}

# /proc/stat's per-CPU counters (user nice system idle iowait irq softirq) as "cpuN v..." lines.
cpu_stat() { grep -E '^cpu[0-9]+ ' /proc/stat; }

cpu_share_since() { # variant round snapshot
  { echo "$3" | sed 's/^/was /'; cpu_stat; } | awk -v v="$1" -v r="$2" '
    $1 == "was" { for (i = 3; i <= 9; i++) was[$2, i - 1] = $i; next }
    { t = 0; for (i = 2; i <= 8; i++) { d[i] = $i - was[$1, i]; t += d[i] }
      if (t > 0) printf "%s\t%s\t%s\t%.1f\t%.1f\t%.1f\t%.1f\n", v, r, $1, 100 * (d[2] + d[3]) / t,
        100 * (d[4] + d[7]) / t, 100 * d[8] / t, 100 * (d[5] + d[6]) / t }'
}

# "segments pure-acks delayed-acks" so far, machine-wide (nstat prints them in its own order).
tcp_counters() {
  nstat -asz TcpOutSegs TcpExtTCPPureAcks TcpExtDelayedACKs 2>/dev/null | awk '
    { v[$1] = $2 } END { printf "%.0f %.0f %.0f\n", v["TcpOutSegs"], v["TcpExtTCPPureAcks"], v["TcpExtDelayedACKs"] }'
}

tcp_per_request_since() { # variant round snapshot
  local n
  n=$(echo "$LAST_LINE" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "$3 $(tcp_counters)" | awk -v v="$1" -v r="$2" -v n="$n" 'n > 0 {
    printf "%s\t%s\t%.2f\t%.2f\t%.3f\n", v, r, ($4 - $1) / n, ($5 - $2) / n, ($6 - $3) / n }'
}

{
  echo "date: $(date -Is)  load: $(uptime | sed 's/.*load/load/')"
  echo "settings: RUNS=$RUNS WARMUP=$WARMUP DURATION=$DURATION CONNS=$CONNS VARIANTS='$VARIANTS'"
  echo "base java opts: $SLUICE_JAVA_OPTS"
  for v in $VARIANTS; do
    o="OPTS_$v"
    echo "variant $v: ${!o:-}"
  done
} | tee "$OUT/machine.txt" >&2

placement 1
gen_origin "$WORK"
gen_sluice "$WORK/sluice-1" 1 no
start_origin "$ORIGIN_CPU"
base=$SLUICE_JAVA_OPTS
url="http://127.0.0.1:${HTTP_PORT[sluice]}/small"
for ((r = 1; r <= RUNS; r++)); do
  for v in $(rotated "$r" $VARIANTS); do
    o="OPTS_$v"
    extra_opts=${!o:-}
    SLUICE_JAVA_OPTS="$base ${extra_opts//@LOG@/$OUT/logs/$v-$r}"
    start_sluice "sluice-$v-$r" 1 "$SERVER_CPU" "$WORK/sluice-1"
    for ((c = 1; c <= WARMUP_CYCLES; c++)); do
      measure modes small 1 "$v" warmup wrk "$url" "$CLIENT_CPU" "$THREADS" \
        $((WARMUP / WARMUP_CYCLES)) "$SLUICE_PID"
    done
    [ "$JFR" = yes ] && "$JAVA_HOME/bin/jcmd" "$SLUICE_PID" JFR.start name=w settings=profile \
      filename="$OUT/logs/$v-$r.jfr" >/dev/null
    [ "$PROFILE" = yes ] && "$JAVA_HOME/bin/jcmd" "$SLUICE_PID" JVMTI.agent_load "$ASPROF_LIB" \
      "\"start,event=cpu,interval=1ms\"" >/dev/null
    if [ "$PERF_SCHED" = yes ]; then
      taskset -c "$CLIENT_CPU" perf sched record -C "$SERVER_CPU" -o "$OUT/logs/$v-$r.sched" \
        -- sleep "$DURATION" >/dev/null 2>&1 &
      perf_pid=$!
    fi
    threads=$(thread_ticks "$SLUICE_PID")
    t0=$(uptime_of "$SLUICE_PID")
    for ((w = 1; w <= WINDOWS; w++)); do
      round=$r
      [ "$WINDOWS" = 1 ] || round=$r.$w
      stat0=$(cpu_stat)
      tcp0=$(tcp_counters)
      measure modes small 1 "$v" "$round" wrk "$url" "$CLIENT_CPU" "$THREADS" "$DURATION" "$SLUICE_PID"
      cpu_share_since "$v" "$round" "$stat0" >>"$OUT/cpus.tsv"
      tcp_per_request_since "$v" "$round" "$tcp0" >>"$OUT/tcp.tsv"
    done
    t1=$(uptime_of "$SLUICE_PID")
    [ "$PERF_SCHED" = yes ] && wait "$perf_pid"
    if [ "$LATLOG" = yes ]; then
      taskset -c "$CLIENT_CPU" perf sched record -a -o "$OUT/logs/$v-$r.latsched" \
        -- sleep "$DURATION" >/dev/null 2>&1 &
      perf_pid=$!
      taskset -c "$CLIENT_CPU" h2load --h1 -t1 -c"$CONNS" -D "$DURATION" \
        --log-file="$OUT/logs/$v-$r.requests" "$url" >"$OUT/logs/h2load-$v-$r.txt" 2>&1 || true
      python3 "$BENCH/lib/h2log.py" "$OUT/logs/$v-$r.requests" "$DURATION" >>"$OUT/logs/h2load-$v-$r.txt"
      wait "$perf_pid"
    fi
    thread_cpu_since "$SLUICE_PID" "$threads" >"$OUT/logs/threads-$v-$r.txt"
    [ "$PROFILE" = yes ] && "$JAVA_HOME/bin/jcmd" "$SLUICE_PID" JVMTI.agent_load "$ASPROF_LIB" \
      "\"stop,collapsed,file=$OUT/logs/$v-$r.collapsed\"" >/dev/null
    "$JAVA_HOME/bin/jcmd" "$SLUICE_PID" Compiler.codelist >"$OUT/logs/$v-$r.codelist" 2>&1 || true
    [ "$JFR" = yes ] && "$JAVA_HOME/bin/jcmd" "$SLUICE_PID" JFR.dump name=w \
      filename="$OUT/logs/$v-$r.jfr" >/dev/null
    printf '%s\t%s\t%s\t%s\t%s\n' "$v" "$r" "$SLUICE_PID" "$t0" "$t1" >>"$OUT/window.tsv"
    stop_pid "$SLUICE_PID"
  done
done
SLUICE_JAVA_OPTS=$base

# Per variant: CPU µs/req of each JVM, how many are in the slow mode, medians of p99 and p99.9.
awk -F'\t' -v slow="$SLOW_US" 'NR > 1 {
    v = $4; n[v]++; cpu[v] = cpu[v] sprintf(" %.1f", $11); s[v] += ($11 >= slow)
    p99[v, n[v]] = $8 / 1000; p999[v, n[v]] = $9 / 1000; rps[v] = rps[v] sprintf(" %d", $6) }
  function med(a, v, k,   i, j, t, x) {
    for (i = 1; i <= k; i++) x[i] = a[v, i]
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
    return k % 2 ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2 }
  END {
    print "| variant | JVMs | slow (≥ " slow " µs) | CPU µs/req per JVM | req/s per JVM | p99 ms median | p99.9 ms median |"
    print "|---|---:|---:|---|---|---:|---:|"
    for (v in n) printf "| %s | %d | %d | %s | %s | %.2f | %.2f |\n", v, n[v], s[v], cpu[v], rps[v], med(p99, v, n[v]), med(p999, v, n[v])
  }' "$OUT/raw.tsv" | tee "$OUT/summary.md"
if [ "$LATLOG" = yes ]; then
  python3 "$BENCH/lib/latlog.py" "$OUT"/logs/*.requests | tee "$OUT/latlog.md"
fi
echo "bench: results in $OUT" >&2
