#!/usr/bin/env bash
# Profiles Sluice under a small-response load of bench/run.sh (1 worker, pinned): a JFR recording
# (hot methods, allocation sites) and strace syscall counts per request for Sluice and, for
# comparison, NGINX. Writes bench/results/profile-<timestamp>/ and prints a summary.
#   bench/profile.sh              HTTP/1.1 keep-alive with wrk (about 2 minutes)
#   PROTO=h2 bench/profile.sh     HTTP/2 over TLS with h2load (-m10); PROTO=h1tls: HTTPS/1.1
#   SKIP_BUILD=yes                reuse cli/target
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
: "${DURATION:=15}" "${WARMUP:=15}" "${CONNS:=50}" "${SKIP_BUILD:=no}" "${PROTO:=h1}"
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

OUT="$BENCH/results/profile-$(date +%Y%m%d-%H%M%S)"
WORK=$(mktemp -d /tmp/sluice-profile.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$OUT/logs"
: >"$OUT/raw.tsv"
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# Counts syscalls of pids $2.. for $1 seconds while wrk runs against url $3; prints per-request
# counts of the ten most frequent calls.
syscalls_per_request() { # target url pids...
  local target=$1 url=$2
  shift 2
  local attach=() pid
  for pid in "$@"; do attach+=(-p "$pid"); done
  timeout -s INT 10 strace -c -f "${attach[@]}" -o "$OUT/strace-$target.txt" &
  local strace_pid=$!
  sleep 1
  measure profile small 1 "$target" 1 "$TOOL" "$url" "$CLIENT_CPU" "$THREADS" 8 "$@"
  wait "$strace_pid" || true
  local requests
  requests=$(echo "$LAST_LINE" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "$target: syscalls per request (strace slows the process; compare the counts, not rps)"
  awk -v n="$requests" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && NF >= 5 {
      printf "  %-16s %6.2f\n", $NF, $4 / n }' "$OUT/strace-$target.txt" | sort -k2 -nr | head -10
}

placement 1
gen_origin "$WORK"
gen_tls "$WORK" # the NGINX config also has a TLS server
case $PROTO in
  h1) TOOL=wrk TLS=no ;;
  h2 | h1tls) TOOL=$PROTO TLS=yes ;;
  *) echo "bench: PROTO must be h1, h2 or h1tls (got $PROTO)" >&2 && exit 2 ;;
esac
# The URL of target $1 for this PROTO.
url_of() { # target
  if [ "$TLS" = yes ]; then echo "https://127.0.0.1:${TLS_PORT[$1]}/small"; else
    echo "http://127.0.0.1:${HTTP_PORT[$1]}/small"; fi
}
gen_sluice "$WORK/sluice-1" 1 "$TLS"
start_origin "$ORIGIN_CPU"
start_nginx 1 "$SERVER_CPU"
start_sluice sluice-profile 1 "$SERVER_CPU" "$WORK/sluice-1"
url=$(url_of sluice)
wait_http "$url" 30
measure profile small 1 sluice warmup "$TOOL" "$url" "$CLIENT_CPU" "$THREADS" "$WARMUP" "$SLUICE_PID"
"$JAVA_HOME/bin/jcmd" "$SLUICE_PID" JFR.start name=load settings=profile \
  filename="$OUT/sluice.jfr" >/dev/null
measure profile small 1 sluice 1 "$TOOL" "$url" "$CLIENT_CPU" "$THREADS" "$DURATION" "$SLUICE_PID"
"$JAVA_HOME/bin/jcmd" "$SLUICE_PID" JFR.dump name=load filename="$OUT/sluice.jfr" >/dev/null
{
  echo "## Sluice under load ($PROTO, $DURATION s, 1 worker): JFR"
  python3 "$BENCH/lib/jfr_top.py" "$JAVA_HOME/bin/jfr" "$OUT/sluice.jfr" 20
  echo
  echo "## Syscalls per request"
  echo '```'
  syscalls_per_request sluice "$url" "$SLUICE_PID" 2>/dev/null
  syscalls_per_request nginx "$(url_of nginx)" \
    $(family "$NGINX_PID") 2>/dev/null
  echo '```'
} | tee "$OUT/profile.md"
echo "bench: profile in $OUT" >&2
