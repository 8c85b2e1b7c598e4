#!/usr/bin/env bash
# Sluice performance harness: one origin (NGINX), then NGINX, HAProxy and Sluice in front of it in
# turn, driven by wrk (HTTP/1.1) and h2load (HTTPS, HTTP/2), interleaved over rounds, on loopback.
# Prints a markdown report and keeps the raw numbers in bench/results/<timestamp>/.
#
#   bench/run.sh                                  everything (about 25 minutes on 2 cores)
#   PARTS="http1" ROUNDS=2 DURATION=5 bench/run.sh   a quicker subset
#
# Parts: http1 (small/16k/1m bodies, workers 1 and auto), extras (start-up, idle RSS, 10,000 idle
# connections, 1,000 routes vs 1, reload under load), tls (HTTPS/1.1 and HTTP/2 via h2load), jvm
# (Sluice under G1 / ZGC, with and without compact object headers). See docs/performance.md.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
: "${ROUNDS:=3}" "${DURATION:=10}" "${WARMUP:=10}" "${CONNS:=50}"
: "${BODIES:=small 16k 1m}" "${WORKERS:=1 auto}" "${PARTS:=http1 extras tls jvm}"
: "${IDLE_CONNS:=10000}" "${MANY_ROUTES:=1000}" "${RELOAD_SECONDS:=30}"
# SLUICE_JAVA_OPTS: unset = the launcher's defaults (.mvn/jvm-options.sh), with the class-data
# archive in the scratch directory so that the start-up part sees one cold and two warm starts.
: "${SKIP_BUILD:=no}"

# shellcheck source=lib/configs.sh
. "$BENCH/lib/configs.sh"
# shellcheck source=lib/procs.sh
. "$BENCH/lib/procs.sh"
# shellcheck source=lib/parts.sh
. "$BENCH/lib/parts.sh"

install_tools() {
  local missing=()
  for tool in nginx:nginx haproxy:haproxy wrk:wrk h2load:nghttp2-client openssl:openssl \
    curl:curl taskset:util-linux python3:python3; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "${tool%%:*}" \
      >/dev/null 2>&1 || missing+=("${tool#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
  export PATH=$PATH:/usr/sbin
}

build_sluice() {
  # shellcheck source=../.mvn/select-jdk.sh
  . "$ROOT/.mvn/select-jdk.sh"
  JAVA="$JAVA_HOME/bin/java"
  if [ "$SKIP_BUILD" != yes ]; then
    echo "bench: building Sluice" >&2
    (cd "$ROOT" && ./mvnw -q -B -Dmaven.test.skip=true -Dspotless.check.skip=true -pl cli -am package >&2)
  fi
  : "${SLUICE_JAR:=$ROOT/cli/target/sluice-cli.jar}" # another build: SLUICE_JAR=<copy of cli/target>/sluice-cli.jar
}

default_java_opts() {
  # shellcheck source=../.mvn/jvm-options.sh
  . "$ROOT/.mvn/jvm-options.sh"
  : "${SLUICE_JAVA_OPTS:=$(sluice_default_java_opts "$JAVA" "$WORK/sluice.jsa" run)}"
}

describe_machine() {
  {
    echo "date: $(date -Is)"
    echo "nproc: $(nproc)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
    echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
    echo "kernel: $(uname -r)"
    echo "java: $("$JAVA" -version 2>&1 | head -n 2 | tr '\n' ' ')"
    echo "nginx: $(nginx -v 2>&1)"
    echo "haproxy: $(haproxy -v | head -n 1)"
    echo "wrk: $(wrk -v 2>&1 | head -n 1)"
    echo "h2load: $(h2load --version | head -n 1)"
    echo "settings: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS BODIES='$BODIES' WORKERS='$WORKERS' PARTS='$PARTS'"
    echo "sluice java opts: $SLUICE_JAVA_OPTS"
    echo "load before: $(uptime)"
  } | tee "$OUT/machine.txt" >&2
}

main() {
  install_tools
  build_sluice
  OUT="$BENCH/results/$(date +%Y%m%d-%H%M%S)"
  WORK=$(mktemp -d /tmp/sluice-bench.XXXXXX)
  chmod 755 "$WORK" # NGINX workers run as an unprivileged user and must read the bodies
  default_java_opts
  mkdir -p "$OUT/logs"
  printf 'part\tscenario\tworkers\ttarget\tround\trps\tp50_us\tp99_us\tp999_us\terrors\tcpu_us_per_req\trss_kb\n' >"$OUT/raw.tsv"
  : >"$OUT/extras.tsv"
  trap 'stop_all; rm -rf "$WORK"' EXIT
  trap 'exit 130' INT TERM
  ulimit -n "$(ulimit -Hn)" # 10,000 idle connections need more than the usual 1024
  describe_machine
  gen_origin "$WORK"
  gen_tls "$WORK"
  for part in $PARTS; do
    echo "part $part starts: $(uptime | sed 's/.*load/load/')" | tee -a "$OUT/machine.txt" >&2
    "part_$part"
  done
  echo "load after: $(uptime)" | tee -a "$OUT/machine.txt" >&2
  python3 "$BENCH/lib/report.py" "$OUT" | tee "$OUT/report.md"
  echo "bench: raw results in $OUT" >&2
}

main "$@"
