# Process control and measurement for bench/run.sh (sourced). Every process the harness starts
# is recorded in STARTED and stopped by its pid; every wait is bounded.

STARTED=()
CLK_TCK=$(getconf CLK_TCK)

# Starts "$@" in the background, pinned to CPUs $2 when non-empty; sets LAST_PID.
start_bg() { # name cpus cmd...
  local name=$1 cpus=$2
  shift 2
  if [ -n "$cpus" ]; then
    taskset -c "$cpus" "$@" >"$OUT/logs/$name.log" 2>&1 &
  else
    "$@" >"$OUT/logs/$name.log" 2>&1 &
  fi
  LAST_PID=$!
  STARTED+=("$LAST_PID")
}

stop_pid() { # pid
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_all() {
  local pid
  for pid in "${STARTED[@]}"; do
    stop_pid "$pid"
  done
  STARTED=()
}

# The pid and its direct children (NGINX workers).
family() { # pid
  echo "$1" $(pgrep -P "$1" || true)
}

cpu_ticks() { # pids...
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

# CPU ticks of process trees whose workers come and go (a proxy reloading): each pid with the
# children it has reaped (cutime, cstime) plus its live children. A child that exits between two
# readings moves from the live sum to its parent's reaped sum with all its time, so a difference of
# two readings counts exactly the CPU used in between.
tree_ticks() { # pids...
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t + $(cpu_ticks $(pgrep -P "$pid" || true))))
  done
  echo "$total"
}

rss_kb() { # pids...
  local total=0 pid r
  for pid in "$@"; do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    total=$((total + ${r:-0}))
  done
  echo "$total"
}

# Waits until curl gets a 2xx from $1, at most $2 seconds.
wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    curl -skf -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.05
  done
  echo "bench: $1 not ready after $2 s" >&2
  return 1
}

start_origin() { # cpus
  start_bg origin "$1" nginx -c "$WORK/origin.conf" -g 'daemon off;'
  ORIGIN_PID=$LAST_PID
  wait_http "http://127.0.0.1:$ORIGIN_PORT/small" 10
}

start_nginx() { # workers cpus
  gen_nginx "$WORK" "$1"
  start_bg "nginx-$1" "$2" nginx -c "$WORK/nginx-$1.conf" -g 'daemon off;'
  NGINX_PID=$LAST_PID
  wait_http "http://127.0.0.1:${HTTP_PORT[nginx]}/small" 10
}

start_haproxy() { # workers cpus
  gen_haproxy "$WORK" "$1"
  start_bg "haproxy-$1" "$2" haproxy -db -f "$WORK/haproxy-$1.cfg"
  HAPROXY_PID=$LAST_PID
  wait_http "http://127.0.0.1:${HTTP_PORT[haproxy]}/small" 10
}

# Starts Sluice on config dir $2; with 1 worker it is pinned to one CPU and runs one event loop
# (--event-loops 1; 0 = one per core).
start_sluice() { # name workers cpus configdir [java opts...]
  local name=$1 workers=$2 cpus=$3 dir=$4
  shift 4
  local opts=($SLUICE_JAVA_OPTS "$@") loops=0
  [ "$workers" = 1 ] && loops=1
  start_bg "$name" "$cpus" "$JAVA" "${opts[@]}" -jar "$SLUICE_JAR" run --config "$dir" \
    --admin "127.0.0.1:$ADMIN_PORT" --event-loops "$loops"
  SLUICE_PID=$LAST_PID
  wait_http "http://127.0.0.1:$ADMIN_PORT/readyz" 60
  wait_http "http://127.0.0.1:${HTTP_PORT[sluice]}/small" 30
}

# Runs one load and appends a raw.tsv line. Tool wrk (HTTP/1.1) or h2 / h1tls (h2load).
# Sets LAST_LINE to the BENCH line. MEASURE_TREE=yes: CPU and RSS of the pids' trees (tree_ticks).
measure() { # part scenario workers target round tool url clientcpus threads seconds pids...
  local part=$1 scen=$2 workers=$3 target=$4 round=$5 tool=$6 url=$7 ccpu=$8 threads=$9
  local secs=${10}
  shift 10
  local pin=()
  [ -n "$ccpu" ] && pin=(taskset -c "$ccpu")
  local log="$OUT/logs/load-$part-$scen-$workers-$target-$round.txt" t0 t1
  local ticks=cpu_ticks
  [ "${MEASURE_TREE:-}" = yes ] && ticks=tree_ticks
  t0=$($ticks "$@")
  case $tool in
    wrk) "${pin[@]}" wrk -t"$threads" -c"$CONNS" -d"${secs}s" --timeout 10s --latency \
      -s "$BENCH/lib/report.lua" "$url" >"$log" 2>&1 || true ;;
    h2 | h1tls) h2run "$tool" "$url" "$threads" "$secs" "$log" "${pin[@]}" ;;
  esac
  t1=$($ticks "$@")
  LAST_LINE=$(grep '^BENCH ' "$log" || echo "BENCH requests=0 duration_us=1 p50=0 p99=0 p999=0 max=0 connect=0 read=0 write=0 status=0 timeout=0")
  local rss
  if [ "${MEASURE_TREE:-}" = yes ]; then
    rss=$(rss_kb "$@" $(pgrep -P "$1" || true))
  else
    rss=$(rss_kb "$@")
  fi
  [ "$round" = warmup ] && return 0
  echo "$LAST_LINE" | awk -v p="$part" -v s="$scen" -v w="$workers" -v t="$target" -v r="$round" \
    -v ticks=$((t1 - t0)) -v hz="$CLK_TCK" -v rss="$rss" '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      n = v["requests"]; rps = n / (v["duration_us"] / 1e6)
      err = v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"]
      cpu = n > 0 ? ticks / hz * 1e6 / n : 0
      printf "%s\t%s\t%s\t%s\t%s\t%.1f\t%d\t%d\t%d\t%d\t%.2f\t%d\n", p, s, w, t, r, rps, v["p50"], v["p99"], v["p999"], err, cpu, rss }' \
    | tee -a "$OUT/raw.tsv" >&2
}

h2run() { # tool url threads seconds log [pin...]
  local tool=$1 url=$2 threads=$3 secs=$4 log=$5
  shift 5
  local proto=() reqlog="$log.requests"
  [ "$tool" = h1tls ] && proto=(--h1 -m1) || proto=(-m10)
  "$@" h2load -t"$threads" -c"$CONNS" "${proto[@]}" -D "$secs" --log-file="$reqlog" "$url" \
    >"$log" 2>&1 || true
  python3 "$BENCH/lib/h2log.py" "$reqlog" "$secs" >>"$log"
  rm -f "$reqlog"
}

extra() { # name value target
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" | tee -a "$OUT/extras.tsv" >&2
}
