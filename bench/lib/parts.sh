# The benchmark parts of bench/run.sh (sourced): part_http1, part_extras, part_tls, part_jvm.

# CPU placement for a worker count: with 1 worker every proxy is pinned to CPU 1 and the client and
# origin share CPU 0; with "auto" nothing is pinned (on 2 cores everything competes, as it would).
placement() { # workers
  if [ "$1" = 1 ]; then
    SERVER_CPU=1 CLIENT_CPU=0 ORIGIN_CPU=0 THREADS=1
  else
    SERVER_CPU="" CLIENT_CPU="" ORIGIN_CPU="" THREADS=2
  fi
}

# The targets of round $1 in rotated order, so that no target always runs first or last.
rotated() { # round targets...
  local r=$1
  shift
  local t=("$@") n=$# i
  for ((i = 0; i < n; i++)); do echo "${t[$(((i + r) % n))]}"; done
}

pids_of() { # target
  case $1 in
    none) family "$ORIGIN_PID" ;;
    nginx) family "$NGINX_PID" ;;
    haproxy) echo "$HAPROXY_PID" ;;
    sluice) echo "$SLUICE_PID" ;;
  esac
}

part_http1() {
  local w body r target
  for w in $WORKERS; do
    placement "$w"
    gen_sluice "$WORK/sluice-1" 1 no
    start_origin "$ORIGIN_CPU"
    start_nginx "$w" "$SERVER_CPU"
    start_haproxy "$w" "$SERVER_CPU"
    start_sluice "sluice-$w" "$w" "$SERVER_CPU" "$WORK/sluice-1"
    for body in $BODIES; do
      for target in none nginx haproxy sluice; do
        measure http1 "$body" "$w" "$target" warmup wrk \
          "http://127.0.0.1:${HTTP_PORT[$target]}/$body" "$CLIENT_CPU" "$THREADS" "$WARMUP" \
          $(pids_of "$target")
      done
      for ((r = 1; r <= ROUNDS; r++)); do
        for target in $(rotated "$r" none nginx haproxy sluice); do
          measure http1 "$body" "$w" "$target" "$r" wrk \
            "http://127.0.0.1:${HTTP_PORT[$target]}/$body" "$CLIENT_CPU" "$THREADS" "$DURATION" \
            $(pids_of "$target")
        done
      done
    done
    stop_all
  done
}

part_extras() {
  startup_and_idle
  idle_connections
  route_count
  reload_under_load
}

# The extras one at a time, e.g. PARTS="routes reload".
part_startup() { startup_and_idle; }
part_idle() { idle_connections; }
part_routes() { route_count; }
part_reload() { reload_under_load; }
part_reload_peers() { reload_peers; } # the peers' rows of the reload part alone

# Start-up to ready of `./sluice run` as a user starts it, launcher included: from the launch until
# /readyz answers 200 and a request through the gateway succeeds. The first start after a build has
# no class-data archive yet (the JVM writes it when that run exits) and is reported on its own line;
# the target is on the three starts after it. The idle RSS of the last start after 5 s.
# (SLUICE_JAVA_OPTS, when exported, replaces the launcher's defaults, as it does for users.)
startup_and_idle() {
  local i first times=()
  gen_sluice "$WORK/sluice-1" 1 no
  start_origin ""
  "$ROOT/sluice" version >/dev/null # rebuilds first when the sources are newer than the jar
  rm -f "$ROOT/cli/target/sluice-cli.jsa"
  startup_once sluice-startup-0
  first=$STARTUP_MS
  stop_pid "$SLUICE_PID"
  for i in 1 2 3; do
    startup_once "sluice-startup-$i"
    times+=("$STARTUP_MS")
    [ "$i" = 3 ] || stop_pid "$SLUICE_PID"
  done
  extra "start-up to ready, ms, first start after a build (no class-data archive yet)" "$first" "–"
  extra "start-up to ready, ms (3 starts)" "${times[*]}" "≤ 1500"
  sleep 5
  extra "idle RSS, MiB (sluice, after start-up)" "$(($(rss_kb "$SLUICE_PID") / 1024))" "≤ 150"
  stop_all
}

# Launches `./sluice run`; sets STARTUP_MS to the milliseconds until it is ready and SLUICE_PID
# (the launcher execs the JVM). Polls every 10 ms: wait_http's 50 ms poll would add up to 50 ms
# to each of the two waits.
startup_once() { # name
  local t0 url
  t0=$(date +%s%N)
  start_bg "$1" "" "$ROOT/sluice" run --config "$WORK/sluice-1" --admin "127.0.0.1:$ADMIN_PORT" \
    --event-loops 0
  SLUICE_PID=$LAST_PID
  for url in "http://127.0.0.1:$ADMIN_PORT/readyz" "http://127.0.0.1:${HTTP_PORT[sluice]}/small"; do
    until curl -sf -o /dev/null --max-time 1 "$url"; do
      kill -0 "$SLUICE_PID" 2>/dev/null || { echo "bench: sluice exited during start-up" >&2; return 1; }
      (($(date +%s%N) - t0 < 60000000000)) || { echo "bench: $url not ready after 60 s" >&2; return 1; }
      sleep 0.01
    done
  done
  STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
}

# RSS with IDLE_CONNS idle keep-alive connections (one request each), for each proxy (auto).
idle_connections() {
  local target before after pid line i
  start_origin ""
  start_nginx auto ""
  start_haproxy auto ""
  gen_sluice "$WORK/sluice-1" 1 no
  start_sluice sluice-idle auto "" "$WORK/sluice-1"
  sleep 3
  for target in nginx haproxy sluice; do
    before=$(rss_kb $(pids_of "$target"))
    python3 "$BENCH/lib/idle_conns.py" 127.0.0.1 "${HTTP_PORT[$target]}" "$IDLE_CONNS" 120 \
      >"$OUT/logs/idle-$target.txt" 2>&1 &
    pid=$!
    line=""
    for ((i = 0; i < 900; i++)); do
      line=$(grep '^ready' "$OUT/logs/idle-$target.txt" || true)
      [ -n "$line" ] && break
      sleep 0.1
    done
    sleep 2
    after=$(rss_kb $(pids_of "$target"))
    extra "$target: RSS idle → with $IDLE_CONNS idle conns, MiB (${line:-timeout})" \
      "$((before / 1024)) → $((after / 1024)) (+$(((after - before) / 1024)))" \
      "$([ "$target" = sluice ] && echo "≤ +200")"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sleep 2
  done
  stop_all
}

# One Sluice, two Gateways: "bench" with 1 route (port 18003) and "many" with MANY_ROUTES routes
# (port 18004) whose catch-all is tried last. 1 worker, pinned; interleaved rounds.
route_count() {
  local r target port
  placement 1
  gen_sluice "$WORK/sluice-many" 1 no
  gen_sluice_many "$WORK/sluice-many" "$MANY_ROUTES"
  start_origin "$ORIGIN_CPU"
  start_sluice sluice-routes 1 "$SERVER_CPU" "$WORK/sluice-many"
  wait_http "http://127.0.0.1:$MANY_PORT/small" 30
  for ((r = 0; r <= ROUNDS; r++)); do
    for target in $(rotated "$r" 1-route "$MANY_ROUTES-routes"); do
      port=${HTTP_PORT[sluice]}
      [ "$target" = 1-route ] || port=$MANY_PORT
      measure routes small 1 "$target" "$([ "$r" = 0 ] && echo warmup || echo "$r")" wrk \
        "http://127.0.0.1:$port/small" "$CLIENT_CPU" "$THREADS" \
        "$([ "$r" = 0 ] && echo "$WARMUP" || echo "$DURATION")" "$SLUICE_PID"
    done
  done
  stop_all
}

# wrk for RELOAD_SECONDS without changes, then again while a new HTTPRoute file is written every
# 100 ms (the issue's test; the folder watcher's 200 ms debounce coalesces such a stream into few
# applies) and every 500 ms (each change applied on its own); failed requests and p99 are compared.
# 1 worker, pinned. RELOAD_PIN=process (the default, the verdict) pins the whole JVM to the server's
# CPU: its config thread, JIT compilers and collector share the event loop's core. RELOAD_PIN=loop
# pins only the event loop thread there and lets the JVM's other threads run on either CPU, as
# NGINX's master process (which parses a reloaded config) is apart from its worker.
: "${RELOAD_INTERVALS_MS:=100 500}"
: "${RELOAD_PIN:=process}"
: "${RELOAD_PEERS=nginx haproxy}" # empty: Sluice only
# RELOAD_NICE="name-prefix=nice ...": an experiment, raises the nice value of Sluice's threads whose
# name starts with a prefix after start-up (e.g. "sluice-folder=19 C2=19 C1=19"; unprivileged).
: "${RELOAD_NICE:=}"
reload_under_load() {
  local dir="$WORK/sluice-reload" interval threads
  placement 1
  rm -rf "$dir"
  gen_sluice "$dir" 1 no
  start_origin "$ORIGIN_CPU"
  if [ "$RELOAD_PIN" = loop ]; then
    start_sluice sluice-reload 1 "" "$dir"
    pin_event_loops "$SLUICE_PID" "$SERVER_CPU"
  else
    start_sluice sluice-reload 1 "$SERVER_CPU" "$dir"
  fi
  renice_threads "$SLUICE_PID" "$RELOAD_NICE"
  measure reload small 1 steady warmup wrk "http://127.0.0.1:${HTTP_PORT[sluice]}/small" \
    "$CLIENT_CPU" "$THREADS" "$WARMUP" "$SLUICE_PID"
  threads=$(thread_ticks "$SLUICE_PID")
  measure reload small 1 steady 1 wrk "http://127.0.0.1:${HTTP_PORT[sluice]}/small" \
    "$CLIENT_CPU" "$THREADS" "$RELOAD_SECONDS" "$SLUICE_PID"
  thread_cpu_since "$SLUICE_PID" "$threads" >"$OUT/logs/threads-reload-steady.txt"
  for interval in $RELOAD_INTERVALS_MS; do
    reload_run "$dir" "$interval"
  done
  stop_all
  reload_peers
}

reload_peers() {
  local peer
  for peer in $RELOAD_PEERS; do
    reload_peer "$peer"
  done
}

reload_run() { # dir interval_ms
  local dir=$1 ms=$2 writer i before after count secs threads
  count=$((RELOAD_SECONDS * 1000 / ms))
  secs=$(awk -v ms="$ms" 'BEGIN { print ms / 1000 }')
  before=$(grep -c 'config applied' "$OUT/logs/sluice-reload.log" || true)
  threads=$(thread_ticks "$SLUICE_PID")
  # The writer runs beside wrk, off the server's CPU: its forks must not be counted as Sluice's.
  reload_writer "$dir" "$ms" "$count" "$secs" &
  writer=$!
  measure reload small 1 "adding-route-every-${ms}ms" 1 wrk \
    "http://127.0.0.1:${HTTP_PORT[sluice]}/small" "$CLIENT_CPU" "$THREADS" "$RELOAD_SECONDS" \
    "$SLUICE_PID"
  thread_cpu_since "$SLUICE_PID" "$threads" >"$OUT/logs/threads-reload-every-${ms}ms.txt"
  wait "$writer" || true
  sleep 2
  after=$(grep -c 'config applied' "$OUT/logs/sluice-reload.log" || true)
  extra "config applies while a route was added every $ms ms (routes written: $count)" \
    "$((after - before))" "$count"
  extra "HTTPRoutes added every $ms ms present in /api/status afterwards" \
    "$(curl -s "http://127.0.0.1:$ADMIN_PORT/api/status" | grep -o "\"added-$ms-[0-9]*\"" | sort -u | wc -l)" \
    "$count"
}

renice_threads() { # pid "prefix=nice ..."
  local t name rule
  [ -n "$2" ] || return 0
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    for rule in $2; do
      [[ $name == "${rule%%=*}"* ]] && renice -n "${rule#*=}" -p "${t##*/}" >/dev/null
    done
  done
  return 0
}

# Pins the proxy's event loop threads (named sluice-epoll-… or sluice-nio-…) of a JVM to CPUs $2.
pin_event_loops() { # pid cpus
  local t
  for t in /proc/"$1"/task/*; do
    case $(cat "$t/comm" 2>/dev/null) in
      sluice-epoll* | sluice-nio*) taskset -pc "$2" "${t##*/}" >/dev/null ;;
    esac
  done
}

# The same schedule against a peer, for reference (RELOAD_PEERS; empty skips them): 1 worker, the
# whole process tree pinned to the server CPU (master and workers, as RELOAD_PIN=process does for
# Sluice), wrk for RELOAD_SECONDS without changes, then while a route is added and the config
# reloaded every interval: NGINX gets a `location` appended to an included file and `nginx -s
# reload` (a new worker per reload; the old one finishes its requests and closes its keep-alive
# connections); HAProxy, in master-worker mode, gets a backend and a `use_backend` rule and SIGUSR2
# (the master re-executes itself, parses the config and starts a new worker; the old one is
# soft-stopped). CPU per request counts the whole tree: the master with its reaped children, plus
# the workers alive at the end, so that workers replaced during the run are counted. Each added
# route sets a response header naming itself; afterwards every route is requested once and
# counted when the header comes back (the routes the running config has).
reload_peer() { # nginx|haproxy
  local peer=$1 pid interval count secs ms writer before after port=${HTTP_PORT[$1]}
  placement 1
  start_origin "$ORIGIN_CPU"
  gen_peer_reload "$WORK" "$peer" 0 0
  case $peer in
    nginx) start_bg nginx-reload "$SERVER_CPU" nginx -c "$WORK/nginx-reload.conf" -g 'daemon off;' ;;
    haproxy) start_bg haproxy-reload "$SERVER_CPU" haproxy -W -db -f "$WORK/haproxy-reload.cfg" ;;
  esac
  pid=$LAST_PID
  wait_http "http://127.0.0.1:$port/small" 10
  MEASURE_TREE=yes measure reload small 1 "$peer-steady" warmup wrk "http://127.0.0.1:$port/small" \
    "$CLIENT_CPU" "$THREADS" "$WARMUP" "$pid"
  MEASURE_TREE=yes measure reload small 1 "$peer-steady" 1 wrk "http://127.0.0.1:$port/small" \
    "$CLIENT_CPU" "$THREADS" "$RELOAD_SECONDS" "$pid"
  for ms in $RELOAD_INTERVALS_MS; do
    count=$((RELOAD_SECONDS * 1000 / ms))
    secs=$(awk -v ms="$ms" 'BEGIN { print ms / 1000 }')
    before=$(peer_workers_started "$peer" "$pid")
    peer_reload_writer "$peer" "$pid" "$ms" "$count" "$secs" &
    writer=$!
    MEASURE_TREE=yes measure reload small 1 "$peer-adding-route-every-${ms}ms" 1 wrk \
      "http://127.0.0.1:$port/small" "$CLIENT_CPU" "$THREADS" "$RELOAD_SECONDS" "$pid"
    wait "$writer" || true
    sleep 2
    after=$(peer_workers_started "$peer" "$pid")
    extra "$peer: reloads while a route was added every $ms ms (new workers started; routes written: $count)" \
      "$((after - before))" "$count"
    extra "$peer: routes added every $ms ms served afterwards" \
      "$(peer_routes_present "$port" "$ms" "$count")" "$count"
  done
  stop_pid "$pid"
  stop_all
}

# The peer's reload config with routes 0..count-1 of interval ms: NGINX includes a file of
# `location`s (appended to, one per step); HAProxy's config is written whole (a frontend cannot be
# continued in another file).
gen_peer_reload() { # dir peer interval_ms count
  local d=$1 peer=$2 ms=$3 n=$4 i
  case $peer in
    nginx)
      gen_nginx "$d" 1
      sed -e "s#nginx-1\.pid#nginx-reload.pid#; s#nginx-1-error.log warn#nginx-reload-error.log notice#" \
        -e "0,/location \/ { proxy_pass http:\/\/origin; }/s##include $d/nginx-reload-locations.conf;\n    &#" \
        "$d/nginx-1.conf" >"$d/nginx-reload.conf"
      : >"$d/nginx-reload-locations.conf"
      ;;
    haproxy)
      gen_haproxy "$d" 1
      {
        sed -n '/^frontend fe_tls/q; p' "$d/haproxy-1.cfg" | sed '/^  default_backend origin/d'
        for ((i = 0; i < n; i++)); do
          echo "  use_backend added_${ms}_$i if { path /added-$ms-$i }"
        done
        echo "  default_backend origin"
        echo "backend origin"
        echo "  server o1 127.0.0.1:$ORIGIN_PORT"
        for ((i = 0; i < n; i++)); do
          echo "backend added_${ms}_$i"
          echo "  http-response set-header X-Route added-$ms-$i"
          echo "  server o1 127.0.0.1:$ORIGIN_PORT"
        done
      } >"$d/haproxy-reload.cfg.tmp"
      mv "$d/haproxy-reload.cfg.tmp" "$d/haproxy-reload.cfg"
      ;;
  esac
}

peer_reload_writer() { # peer pid interval_ms count seconds
  local peer=$1 pid=$2 ms=$3 count=$4 secs=$5 i
  [ -n "$CLIENT_CPU" ] && taskset -pc "$CLIENT_CPU" "$BASHPID" >/dev/null
  for ((i = 0; i < count; i++)); do
    case $peer in
      nginx)
        printf '    location /added-%s-%s { add_header X-Route added-%s-%s always; proxy_pass http://origin; }\n' \
          "$ms" "$i" "$ms" "$i" >>"$WORK/nginx-reload-locations.conf"
        nginx -c "$WORK/nginx-reload.conf" -s reload 2>>"$OUT/logs/nginx-reload-signal.log" || true
        ;;
      haproxy)
        gen_peer_reload "$WORK" haproxy "$ms" $((i + 1))
        kill -USR2 "$pid" 2>/dev/null || true
        ;;
    esac
    sleep "$secs"
  done
}

# How many workers the peer's master has started so far, from its log (NGINX's at level notice).
peer_workers_started() { # peer pid
  case $1 in
    nginx) grep -c 'start worker process [0-9]' "$WORK/nginx-reload-error.log" 2>/dev/null || echo 0 ;;
    haproxy) grep -c 'New worker' "$OUT/logs/haproxy-reload.log" 2>/dev/null || echo 0 ;;
  esac
}

peer_routes_present() { # port interval_ms count
  local i n=0
  for ((i = 0; i < $3; i++)); do
    curl -s -o /dev/null -D - --max-time 2 "http://127.0.0.1:$1/added-$2-$i" \
      | grep -qi "^x-route: added-$2-$i" && n=$((n + 1))
  done
  echo "$n"
}

reload_writer() { # dir interval_ms count seconds
  local dir=$1 ms=$2 count=$3 secs=$4 i
  [ -n "$CLIENT_CPU" ] && taskset -pc "$CLIENT_CPU" "$BASHPID" >/dev/null
  for ((i = 0; i < count; i++)); do
    route_doc "added-$ms-$i" "/added-$ms-$i" bench >"$dir/.added-$ms-$i.tmp"
    mv "$dir/.added-$ms-$i.tmp" "$dir/added-$ms-$i.yaml"
    sleep "$secs"
  done
}

# "tid ticks name" per thread of a process (user + system clock ticks so far).
thread_ticks() { # pid
  local t
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" -v name="$(cat "$t/comm" 2>/dev/null)" \
      '{ sub(/^.*\) /, ""); print tid, $12 + $13, name }' "$t/stat" 2>/dev/null || true
  done
}

# CPU milliseconds per thread group since a thread_ticks snapshot (a trailing number folded, so
# "C2 CompilerThread0" and "...1" add up), largest first.
thread_cpu_since() { # pid snapshot
  { echo "$2" | sed 's/^/was /'; thread_ticks "$1"; } | awk -v hz="$CLK_TCK" '
    $1 == "was" { was[$2] = $3; next }
    { name = $0; sub(/^[0-9]+ [0-9]+ /, "", name); sub(/[0-9]+$/, "N", name)
      ms[name] += ($2 - ($1 in was ? was[$1] : 0)) * 1000 / hz }
    END { for (k in ms) if (ms[k] > 0) printf "%8.0f ms  %s\n", ms[k], k }' | sort -rn
}

# HTTPS/1.1 and HTTP/2 over TLS with h2load (small body, auto workers). Sluice is measured only
# when its HTTPS listener answers; otherwise it is reported as not yet available.
part_tls() {
  local r target tool targets
  placement auto
  gen_sluice "$WORK/sluice-tls" 1 yes
  start_origin ""
  start_nginx auto ""
  start_haproxy auto ""
  start_sluice sluice-tls auto "" "$WORK/sluice-tls"
  targets="nginx haproxy"
  if wait_http "https://127.0.0.1:${TLS_PORT[sluice]}/small" 10 \
    && [ "$(curl -sk --http2 -o /dev/null -w '%{http_version}' "https://127.0.0.1:${TLS_PORT[sluice]}/small")" = 2 ]; then
    targets="nginx haproxy sluice"
  else
    extra "Sluice HTTPS / HTTP/2 listener" "not yet available (no TLS answer on :${TLS_PORT[sluice]})" "≥ NGINX"
  fi
  for tool in h1tls h2; do
    for target in $targets; do
      measure tls "$tool" auto "$target" warmup "$tool" \
        "https://127.0.0.1:${TLS_PORT[$target]}/small" "" "$THREADS" "$WARMUP" $(pids_of "$target")
    done
    for ((r = 1; r <= ROUNDS; r++)); do
      for target in $(rotated "$r" $targets); do
        measure tls "$tool" auto "$target" "$r" "$tool" \
          "https://127.0.0.1:${TLS_PORT[$target]}/small" "" "$THREADS" "$DURATION" \
          $(pids_of "$target")
      done
    done
  done
  stop_all
}

# Sluice alone (1 worker, pinned, small body) under each JVM flag set; a fresh JVM per round and
# flag set, rotated so that no set always runs first. "coh" = compact object headers (JDK 24+);
# "256m" = a 256 MiB heap instead of 1 GiB; "launcher" = the G1 launcher of runs E/F; serial* and
# parallel = the collectors of run G. A set "jar=<path>/sluice-cli.jar" runs another build of Sluice
# (a copy of its cli/target with lib/) with SLUICE_JAVA_OPTS: an A/B of code changes. JVM_EXTRA is
# appended to every named set (e.g. "-Xlog:gc:file=/tmp/gc-%p.log" for a GC log per JVM).
# The launcher's inlining boundary and its Serial set without heap sizing (.mvn/jvm-options.sh).
INLINING_BOUNDARY="-XX:CompileCommand=quiet -XX:CompileCommand=dontinline,io.netty.channel.epoll.EpollIoHandler::processReady -XX:CompileCommand=dontinline,io.netty.util.concurrent.SingleThreadEventExecutor::runAllTasks"
SERIAL_LAUNCHER="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xmx256m -Dio.netty.leakDetection.level=disabled $INLINING_BOUNDARY"
declare -A JVM_FLAGS=(
  [g1]="-XX:+UseG1GC -Xms64m -Xmx1g"
  [g1-coh]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms64m -Xmx1g"
  [g1-coh-256m]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms64m -Xmx256m"
  [zgc]="-XX:+UseZGC -Xms64m -Xmx1g"
  [zgc-coh]="-XX:+UseZGC -XX:+UseCompactObjectHeaders -Xms64m -Xmx1g"
  [zgc-coh-256m]="-XX:+UseZGC -XX:+UseCompactObjectHeaders -Xms64m -Xmx256m"
  [launcher]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [g1-coh-256m-fixed]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms256m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [g1-coh-256m-young128]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms256m -Xmx256m -Xmn128m -Dio.netty.leakDetection.level=disabled"
  [g1-coh-xms64]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms64m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [g1-coh-xms128]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms128m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [launcher-gctr]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -XX:GCTimeRatio=49 -Dio.netty.leakDetection.level=disabled"
  [launcher-unsafe]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled -Dio.netty.noUnsafe=false --sun-misc-unsafe-memory-access=allow"
  [serial-young32]="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled -XX:NewSize=32m" # NewSize becomes 16m (≥ -Xms)
  [parallel]="-XX:+UseParallelGC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [serial]="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [serial-young32-noinl]="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xms24m -Xmx256m -Dio.netty.leakDetection.level=disabled -XX:NewSize=16m $INLINING_BOUNDARY"
  # The launcher's Serial set with young generations of 16 (runs G-I), 32 (the launcher now) and 48 MiB.
  [serial-new16]="$SERIAL_LAUNCHER -Xms24m -XX:NewSize=16m"
  [serial-new32]="$SERIAL_LAUNCHER -Xms40m -XX:NewSize=32m"
  [serial-new48]="$SERIAL_LAUNCHER -Xms56m -XX:NewSize=48m"
  # The launcher's set with Netty's Unsafe access (no ByteBuffer bounds/session checks per access),
  # or with the pooled instead of the adaptive buffer allocator: CPU per request (run J).
  [serial-new16-unsafe]="$SERIAL_LAUNCHER -Xms24m -XX:NewSize=16m -Dio.netty.noUnsafe=false --sun-misc-unsafe-memory-access=allow"
  [serial-new16-pooled]="$SERIAL_LAUNCHER -Xms24m -XX:NewSize=16m -Dio.netty.allocator.type=pooled"
  [zgc-small]="-XX:+UseZGC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled"
  [launcher-noinl]="-XX:+UseG1GC -XX:+UseCompactObjectHeaders -Xms16m -Xmx256m -Dio.netty.leakDetection.level=disabled $INLINING_BOUNDARY"
  [zgc-coh-256m-noleak]="-XX:+UseZGC -XX:+UseCompactObjectHeaders -Xms256m -Xmx256m -Dio.netty.leakDetection.level=disabled"
)
: "${JVM_SETS:=g1 g1-coh g1-coh-256m zgc zgc-coh zgc-coh-256m}"
part_jvm() {
  local r set saved=$SLUICE_JAVA_OPTS
  placement 1
  gen_sluice "$WORK/sluice-1" 1 no
  start_origin "$ORIGIN_CPU"
  for ((r = 1; r <= ROUNDS; r++)); do
    for set in $(rotated "$r" $JVM_SETS); do
      local jar=$SLUICE_JAR
      SLUICE_JAVA_OPTS="${JVM_FLAGS[$set]:-} -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED ${JVM_EXTRA:-}"
      if [[ $set == jar=* ]]; then # another build of Sluice under the bench's options: A/B of code
        jar=${set#jar=} SLUICE_JAVA_OPTS=$saved
      fi
      SLUICE_JAR=$jar start_sluice "sluice-jvm-${set//\//_}-$r" 1 "$SERVER_CPU" "$WORK/sluice-1"
      measure jvm small 1 "${set//\//_}" warmup wrk "http://127.0.0.1:${HTTP_PORT[sluice]}/small" \
        "$CLIENT_CPU" "$THREADS" "$WARMUP" "$SLUICE_PID"
      measure jvm small 1 "${set//\//_}" "$r" wrk "http://127.0.0.1:${HTTP_PORT[sluice]}/small" \
        "$CLIENT_CPU" "$THREADS" "$DURATION" "$SLUICE_PID"
      stop_pid "$SLUICE_PID"
    done
  done
  SLUICE_JAVA_OPTS=$saved
  stop_all
}
