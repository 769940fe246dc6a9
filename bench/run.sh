#!/usr/bin/env bash
# Heed side by side with its peers, on this machine, in one run; the targets are in docs/benchmarks.md.
#
# Usage: bench/run.sh [-n RUNS] [-d SECONDS] [ROW...]
#   -n RUNS      measured runs per measure; the table shows the median (default 3, env BENCH_RUNS)
#   -d SECONDS   length of one run (default 8, env BENCH_DURATION); the defaults are sized for a run of
#                every row in under 15 minutes on 2 idle cores (each row prints its time)
#   ROW          any of the row names below (without the row_ prefix); default: all
#
# BENCH_BUILD=0 skips the Release builds at the start (when they are fresh).
# A run of every row rewrites the generated part of docs/benchmarks.md (BENCH_WRITE_DOCS=1 makes a
# partial run do it too). The load average is printed before and after; a run that began with the load
# above 1 is marked not comparable.
#
# Rows with a peer only are baselines; a ratio heed/peer is computed only from numbers of this run.
# Absolute numbers vary a lot between machines and with load: compare ratios, never absolutes.
# Everything listens on and talks to 127.0.0.1 only, and everything started here is stopped by PID
# on exit. Peers are installed from Debian packages when missing (wrk, h2load, redis-server, redis-tools);
# pgbench comes with PostgreSQL 15 (/usr/lib/postgresql/15/bin).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

ORIGINAL_ARGS="$*"
RUNS="${BENCH_RUNS:-3}"
DURATION="${BENCH_DURATION:-8}"
while getopts "n:d:h" option; do
  case $option in
    n) RUNS=$OPTARG ;;
    d) DURATION=$OPTARG ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

ALL_ROWS=(dram_latency fsync_rate redis_sismember kestrel_static kestrel_bare pgbench_insert heed_http_check
  sidecar_http_check http_check_alloc heed_writes inprocess_check batch_check gate gate_ce_binary gate_ce_structured gate_ce_batch relay write_to_enforced write_to_enforced_sidecars
  write_to_enforced_10k replica_memory replica_bootstrap bulk_writes)
ROWS=("$@")
ROWS_GIVEN=("$@")
[[ ${#ROWS[@]} -gt 0 ]] || ROWS=("${ALL_ROWS[@]}")

PGBIN=/usr/lib/postgresql/15/bin
# HEED_CLI_DLL runs another build of heed (the test fixtures honour the same variable).
HEED_DLL="${HEED_CLI_DLL:-$ROOT/src/Heed.Cli/bin/Release/net10.0/heed.dll}"
KESTREL_DLL="$ROOT/bench/Heed.Bench.Kestrel/bin/Release/net10.0/Heed.Bench.Kestrel.dll"
WORK="$(mktemp -d /tmp/heed-bench.XXXXXX)"
chmod 755 "$WORK" # the postgres user must reach its data directory inside

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# ---------------------------------------------------------------------------------------------------
# Processes we start, stopped by PID on exit.

PIDS=()
PG_DATA=""
LAST_PID=""

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid"
  done
  if [[ -n $PG_DATA ]]; then
    stop_postgres
  fi
  [[ ${BENCH_KEEP:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

running() { # PID — true while it exists and is not a zombie
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

stop_pid() {
  local pid=$1 i
  running "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 100; i++)); do
    running "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
}

# start_bg NAME COMMAND... — runs it in the background, output to $WORK/NAME.log; PID in LAST_PID.
start_bg() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

forget_pid() {
  local pid=$1 kept=() p
  stop_pid "$pid"
  for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}

# ---------------------------------------------------------------------------------------------------
# Helpers.

note() { echo "# $*" >&2; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y "$@" >/dev/null ||
    { apt-get -o DPkg::Lock::Timeout=600 update >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y "$@" >/dev/null; }
}

ensure_deb() { # BINARY PACKAGE
  command -v "$1" >/dev/null && return 0
  note "installing $2"
  apt_install "$2" && command -v "$1" >/dev/null
}

USED_PORTS=" "
free_port() { # a port below the ephemeral range that nothing listens on
  local port
  while true; do
    port=$((20000 + RANDOM % 12000))
    [[ $USED_PORTS == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      USED_PORTS+="$port "
      echo "$port"
      return
    fi
  done
}

wait_tcp() { # PORT PID SECONDS — until something accepts on 127.0.0.1:PORT; fails if PID exits
  local port=$1 pid=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    running "$pid" || return 1
    sleep 0.05
  done
  return 1
}

wait_http_ok() { # URL PID SECONDS
  local url=$1 pid=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url") == 200 ]] && return 0
    running "$pid" || return 1
    sleep 0.05
  done
  return 1
}

# The median, shown with 0 decimals from 100 up, else 2 (throughputs vs latencies).
median() {
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print ""; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf (m >= 100 ? "%.0f\n" : "%.2f\n"), m
    }'
}

# Results: one entry per measure, in the order measured.
MEASURES=()
declare -A VALUE UNIT SAMPLES COMMAND_OF EXTRA
NOTES=()
ROW_SECONDS=()
BUILD_SECONDS=0

record() { # KEY UNIT COMMAND SAMPLE...
  local key=$1 unit=$2 command=$3
  shift 3
  MEASURES+=("$key")
  UNIT[$key]=$unit
  COMMAND_OF[$key]=$command
  SAMPLES[$key]="$*"
  VALUE[$key]="$(median "$@")"
  note "$key: median ${VALUE[$key]} $unit of [$*]"
}

# wrk output → requests/s; p99 in ms (needs --latency); non-2xx count.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' <<<"$1"; }
wrk_p99_ms() {
  awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' <<<"$1"
}
wrk_errors() { awk '/Non-2xx or 3xx responses:/ { print $NF } /Socket errors:/ { print "socket:" $0 }' <<<"$1"; }

# measure_wrk KEY_PREFIX URL CONNECTIONS [LUA] — RUNS runs after a short warm-up (JIT, connections).
measure_wrk() {
  local key=$1 url=$2 connections=$3 script=${4:-}
  local common=(-t2 "-c$connections")
  [[ -z $script ]] || common+=(-s "$script")
  wrk "${common[@]}" -d2s "$url" >/dev/null 2>&1
  local args=("${common[@]}" "-d${DURATION}s" --latency)
  local rps=() p99=() i out errors
  for ((i = 1; i <= RUNS; i++)); do
    out="$(HEED_BENCH_RUN="$RANDOM$i" wrk "${args[@]}" "$url" 2>&1)"
    rps+=("$(wrk_rps "$out")")
    p99+=("$(wrk_p99_ms "$out")")
    errors="$(wrk_errors "$out")"
    [[ -z $errors ]] || NOTES+=("$key run $i: $errors")
  done
  local shown="wrk ${args[*]/$WORK/\$WORK} $url"
  record "${key}_rps" "req/s" "$shown" "${rps[@]}"
  record "${key}_p99" "ms p99" "$shown" "${p99[@]}"
}

# measure_at_70 KEY URL PEAK_KEY [BEARER] — one run of POST /v1/check at 70% of the peak just measured
# (PEAK_KEY, from wrk), rate-limited by h2load (--rps per connection; wrk2 is not packaged in Debian), and
# the p99 of its per-request log. h2load times a request from when it is sent, so a stall that delays
# later sends is under-counted; at 70% of peak the queue is short.
measure_at_70() {
  local key=$1 url=$2 peak=${VALUE[$3]:-} bearer=${4:-} connections=50
  [[ -n $peak ]] || return
  ensure_deb h2load nghttp2-client || { note "skipped: h2load"; return; }
  local per_connection=$(((${peak%.*} * 7 / 10 + connections - 1) / connections))
  local log="$WORK/h2load-$key.log" args
  args=(--h1 -t2 "-c$connections" "--rps=$per_connection" "-D$((DURATION < 5 ? DURATION : 5))" --warm-up-time=1 -d "$WORK/check.json"
    -H 'Content-Type: application/json')
  [[ -z $bearer ]] || args+=(-H "Authorization: Bearer $bearer")
  local out
  out="$(h2load "${args[@]}" --log-file="$log" "$url" 2>&1)"
  grep -qE '^status codes: [0-9]+ 2xx, 0 3xx, 0 4xx, 0 5xx' <<<"$out" || NOTES+=("$key at 70%: $(grep -E '^(status codes|requests):' <<<"$out" | tr '\n' ' ')")
  local p99 rate
  p99="$(awk '{ print $3 }' "$log" | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f", v[int(NR * 0.99 + 0.5)] / 1000 }')"
  rate="$(awk '/^finished in/ { sub(/,$/, "", $4); print $4 }' <<<"$out")"
  local shown="h2load ${args[*]/$WORK/\$WORK} $url"
  shown="${shown/Bearer $bearer/Bearer \$KEY}"
  record "${key}_rate70" "req/s offered at 70% of peak (1 run)" "$shown" "${rate%.*}"
  record "${key}_p99_at70" "ms p99 at 70% of peak (1 run)" "$shown" "$p99"
}

# ---------------------------------------------------------------------------------------------------
# Private PostgreSQL cluster (its tools refuse root: run them as postgres from /tmp).

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd /tmp && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

PG_PORT=""
start_postgres() {
  PG_PORT="$(free_port)"
  local dir="$WORK/pg"
  mkdir -p "$dir"
  [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$dir"
  as_postgres "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync --no-instructions >"$WORK/initdb.log" 2>&1 ||
    { cat "$WORK/initdb.log" >&2; return 1; }
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
EOF
  PG_DATA="$dir/data"
  as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$dir/postgres.log" -w -t 60 start >/dev/null ||
    { tail -n 20 "$dir/postgres.log" >&2; return 1; }
}

stop_postgres() {
  local pid
  pid="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null)"
  as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 ||
    { [[ -z $pid ]] || stop_pid "$pid"; }
  PG_DATA=""
}

# ---------------------------------------------------------------------------------------------------
# Heed: `heed serve` on its embedded store, in a fresh data directory per row.

HEED_KEY="bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d " \n")"
HEED_PORT=""
HEED_GRPC_PORT=""
HEED_PID=""

# start_heed — sets HEED_PORT/HEED_PID, or prints why not and fails.
start_heed() {
  if [[ ! -f $HEED_DLL ]]; then
    note "skipped: $HEED_DLL is not built"
    return 1
  fi
  HEED_PORT="$(free_port)"
  HEED_GRPC_PORT="$(free_port)"
  rm -rf "$WORK/heed-data" && mkdir -p "$WORK/heed-data"
  HEED_ADMIN_KEY="$HEED_KEY" start_bg heed dotnet "$HEED_DLL" serve --data "$WORK/heed-data" --urls "http://127.0.0.1:$HEED_PORT" --grpc-urls "http://127.0.0.1:$HEED_GRPC_PORT"
  HEED_PID=$LAST_PID
  if ! wait_http_ok "http://127.0.0.1:$HEED_PORT/healthz" "$HEED_PID" 60; then
    note "skipped: heed serve did not answer GET /healthz (not built yet?); last output:"
    tail -n 5 "$WORK/heed.log" | sed 's/^/#   /' >&2
    forget_pid "$HEED_PID"
    return 1
  fi
}

stop_heed() {
  [[ -z $HEED_PID ]] || forget_pid "$HEED_PID"
  HEED_PID=""
}

# One request through curl first: a 4xx/5xx run would measure error handling, not Heed.
heed_probe() { # METHOD PATH [BODY] — prints the status code
  local args=(-s -o "$WORK/probe.out" -w '%{http_code}' --max-time 5 -X "$1"
    -H "Authorization: Bearer $HEED_KEY" -H 'Content-Type: application/json')
  [[ $# -lt 3 ]] || args+=(--data "$3")
  curl "${args[@]}" "http://127.0.0.1:$HEED_PORT$2"
}

# ---------------------------------------------------------------------------------------------------
# wrk scripts.

write_lua_scripts() {
  cat >"$WORK/check.lua" <<'EOF'
-- POST /v1/check, the same bytes for Heed and for the bare Kestrel peer.
wrk.method = "POST"
wrk.body = '{"subject":"user:1","purpose":"analytics"}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("HEED_BENCH_KEY")
if key then wrk.headers["Authorization"] = "Bearer " .. key end
EOF
  printf '%s' '{"subject":"user:1","purpose":"analytics"}' >"$WORK/check.json"
  cat >"$WORK/put.lua" <<'EOF'
-- PUT an opt-out for a new subject on every request: distinct per run, thread and request.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
local run = os.getenv("HEED_BENCH_RUN") or "0"
local headers = { ["Authorization"] = "Bearer " .. (os.getenv("HEED_BENCH_KEY") or "") }
function request()
  counter = counter + 1
  return wrk.format("PUT", "/v1/subjects/user:r" .. run .. "t" .. tid .. "n" .. counter .. "/optouts/analytics", headers)
end
EOF
}

# ---------------------------------------------------------------------------------------------------
# Rows.

row_redis_sismember() {
  ensure_deb redis-server redis-server && ensure_deb redis-benchmark redis-tools || { note "skipped: redis"; return; }
  local port
  port="$(free_port)"
  start_bg redis redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK"
  local pid=$LAST_PID
  wait_tcp "$port" "$pid" 30 || { note "skipped: redis-server did not start"; return; }
  # 1M random members (~630k distinct), so lookups hit a realistically sized set.
  redis-benchmark -h 127.0.0.1 -p "$port" -n 1000000 -r 1000000 -P 64 -q sadd heed:optouts user:__rand_int__ >/dev/null 2>&1
  # redis-benchmark counts requests, not time: size the runs from a short calibration pass (which
  # also warms up), so each run lasts about DURATION seconds.
  local sismember=(sismember heed:optouts user:__rand_int__)
  local calibration
  calibration="$(redis-benchmark -h 127.0.0.1 -p "$port" -c 50 -n 500000 -r 1000000 -P 16 --csv "${sismember[@]}" 2>/dev/null | tail -n 1 | cut -d, -f2 | tr -d '"')"
  local requests
  requests="$(awk -v r="${calibration:-100000}" -v d="$DURATION" 'BEGIN { printf "%d", r * d }')"
  local command=(redis-benchmark -h 127.0.0.1 -p "$port" -c 50 -n "$requests" -r 1000000 -P 16 --csv "${sismember[@]}")
  local samples=() i out
  for ((i = 1; i <= RUNS; i++)); do
    out="$("${command[@]}" 2>/dev/null | tail -n 1)"
    samples+=("$(cut -d, -f2 <<<"$out" | tr -d '"')")
  done
  record redis_sismember_p16 "ops/s" "${command[*]}" "${samples[@]}"
  forget_pid "$pid"
}

# start_kestrel — the bare Kestrel peer (bench/Heed.Bench.Kestrel); sets KESTREL_URL and LAST_PID, or fails.
KESTREL_URL=""
start_kestrel() {
  ensure_deb wrk wrk && ensure_deb curl curl || { note "skipped: wrk"; return 1; }
  [[ -f $KESTREL_DLL ]] || { note "skipped: $KESTREL_DLL not built"; return 1; }
  KESTREL_URL="http://127.0.0.1:$(free_port)"
  start_bg kestrel dotnet "$KESTREL_DLL" --urls "$KESTREL_URL"
  wait_http_ok "$KESTREL_URL/healthz" "$LAST_PID" 60 || { note "skipped: bare Kestrel did not start"; return 1; }
}

row_kestrel_bare() {
  start_kestrel || return
  # The same JSON parse and one dictionary lookup as a check (bench/Heed.Bench.Kestrel).
  measure_wrk kestrel_check "$KESTREL_URL/v1/check" 50 "$WORK/check.lua"
  measure_at_70 kestrel_check "$KESTREL_URL/v1/check" kestrel_check_rps
  forget_pid "$LAST_PID"
}

# The ceiling of every HTTP row on this machine: bare Kestrel answering GET / with two fixed bytes.
row_kestrel_static() {
  start_kestrel || return
  # A ceiling, not a ratio's side: one run is enough.
  local runs=$RUNS
  RUNS=1
  measure_wrk kestrel_static "$KESTREL_URL/" 50
  RUNS=$runs
  forget_pid "$LAST_PID"
}

row_pgbench_insert() {
  [[ -x $PGBIN/pgbench ]] || { note "skipped: $PGBIN/pgbench not found"; return; }
  start_postgres || { note "skipped: PostgreSQL did not start"; return; }
  local psql=("$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres)
  "${psql[@]}" -c "create table optouts (id bigserial primary key, subject text not null, purpose text not null, at timestamptz not null default now())" ||
    { note "skipped: could not create the table"; return; }
  printf '%s\n' '\set id random(1, 1000000000)' \
    "insert into optouts (subject, purpose) values ('user:' || :id, 'analytics');" >"$WORK/insert.sql"
  # 64 clients, the durable-writes target's peer.
  local samples=() i out
  local command=("$PGBIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c 64 -j 2 -T "$DURATION" -f "$WORK/insert.sql" postgres)
  for ((i = 1; i <= RUNS; i++)); do
    out="$("${command[@]}" 2>&1)"
    samples+=("$(awk '/^tps = / { print $3 }' <<<"$out" | tail -n 1)")
  done
  record pgbench_insert_c64 "tx/s" "${command[*]/$WORK/\$WORK}" "${samples[@]}"
  stop_postgres
}

row_heed_http_check() {
  ensure_deb wrk wrk && ensure_deb curl curl || { note "skipped: wrk"; return; }
  start_heed || return
  local status
  status="$(heed_probe POST /v1/check '{"subject":"user:1","purpose":"analytics"}')"
  if [[ $status != 200 ]]; then
    note "skipped: POST /v1/check answered $status: $(head -c 300 "$WORK/probe.out")"
    stop_heed
    return
  fi
  export HEED_BENCH_KEY="$HEED_KEY"
  measure_wrk heed_check "http://127.0.0.1:$HEED_PORT/v1/check" 50 "$WORK/check.lua"
  unset HEED_BENCH_KEY
  measure_at_70 heed_check "http://127.0.0.1:$HEED_PORT/v1/check" heed_check_rps "$HEED_KEY"
  stop_heed
}

# start_sidecar NAME SERVICE — a `heed sidecar` of the running registry with an enforcer key (docs/sidecar.md);
# sets SIDECAR_URL and LAST_PID once it holds a lease (GET /readyz), or fails.
SIDECAR_URL=""
start_sidecar() {
  local name=$1 service=$2 port
  if [[ ! -s $WORK/enforcer.key ]]; then
    create_key enforcer >"$WORK/enforcer.key" && chmod 600 "$WORK/enforcer.key"
  fi
  port="$(free_port)"
  SIDECAR_URL="http://127.0.0.1:$port"
  start_bg "$name" dotnet "$HEED_DLL" sidecar --registry "http://127.0.0.1:$HEED_PORT" --key-file "$WORK/enforcer.key" \
    --service "$service" --urls "$SIDECAR_URL"
}

wait_sidecar() { # URL PID NAME
  wait_http_ok "$1/readyz" "$2" 120 && return 0
  note "skipped: sidecar $3 did not become ready; last output:"
  tail -n 5 "$WORK/$3.log" | sed 's/^/#   /' >&2
  return 1
}

row_sidecar_http_check() {
  ensure_deb wrk wrk && ensure_deb curl curl || { note "skipped: wrk"; return; }
  start_heed || return
  rm -f "$WORK/enforcer.key"
  start_sidecar sidecar bench-sidecar
  local pid=$LAST_PID url=$SIDECAR_URL answer
  if wait_sidecar "$url" "$pid" sidecar; then
    answer="$(curl -s --max-time 5 -X POST -H 'Content-Type: application/json' --data-binary "@$WORK/check.json" "$url/v1/check")"
    if [[ $answer == *'"allowed":true'* ]]; then
      measure_wrk sidecar_check "$url/v1/check" 50 "$WORK/check.lua"
      measure_at_70 sidecar_check "$url/v1/check" sidecar_check_rps
    else
      note "skipped: the sidecar answered $answer"
    fi
  fi
  forget_pid "$pid"
  stop_heed
}

row_heed_writes() {
  ensure_deb wrk wrk && ensure_deb curl curl || { note "skipped: wrk"; return; }
  start_heed || return
  local status
  status="$(heed_probe PUT /v1/subjects/user:probe/optouts/analytics)"
  if [[ $status != 200 ]]; then
    note "skipped: PUT /v1/subjects/user:probe/optouts/analytics answered $status: $(head -c 300 "$WORK/probe.out")"
    stop_heed
    return
  fi
  # 64 concurrent writers, each request a new subject; durable (fsync'd) before it is answered.
  export HEED_BENCH_KEY="$HEED_KEY"
  measure_wrk heed_writes_c64 "http://127.0.0.1:$HEED_PORT/" 64 "$WORK/put.lua"
  unset HEED_BENCH_KEY
  stop_heed
}

BENCH_DLL="$ROOT/bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll"
RELAY_BENCH_DLL="$ROOT/bench/Heed.Bench.PassThroughRelay/bin/Release/net10.0/Heed.Bench.PassThroughRelay.dll"
YARP_DLL="$ROOT/bench/Heed.Bench.Yarp/bin/Release/net10.0/Heed.Bench.Yarp.dll"

# bdn CLASS — runs one BenchmarkDotNet class at 10M records (short job, in process: no boilerplate build) and prints "METHOD MEDIAN_NS"
# per benchmark, from its JSON report.
bdn() {
  local class=$1 artifacts="$WORK/bdn-$1"
  HEED_BENCH_RECORDS=10000000 dotnet "$BENCH_DLL" --filter "*$class*" --job short --inProcess --exporters json \
    --artifacts "$artifacts" >"$WORK/bdn-$class.log" 2>&1 || { tail -n 20 "$WORK/bdn-$class.log" >&2; return 1; }
  cat "$artifacts"/results/*"$class"*-report*.json 2>/dev/null | grep -oE '"Method":"[^"]*"|"Median":[0-9.eE+-]+' |
    awk -F: '/Method/ { gsub(/"/, "", $2); m = $2 } /Median/ && m != "" { print m, $2; m = "" }'
}

row_inprocess_check() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local out
  out="$(bdn ReplicaCheckBenchmarks)" || { note "skipped: ReplicaCheckBenchmarks failed"; return; }
  local command="HEED_BENCH_RECORDS=10000000 dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll --filter '*ReplicaCheckBenchmarks*' --job short --inProcess"
  local check many
  check="$(awk '$1 == "Check" { print $2 }' <<<"$out")"
  many="$(awk '$1 == "CheckMany" { print $2 }' <<<"$out")"
  [[ -z $check ]] || record check_ns "ns per check (10M records)" "$command" "$check"
  [[ -z $many ]] || record checkmany_ns "ns per check (10M records)" "$command" "$many"
  [[ -z $check ]] || record check_per_s "checks/s, one core" "$command" "$(awk -v n="$check" 'BEGIN { printf "%.0f", 1e9 / n }')"
  [[ -z $many ]] || record checkmany_per_s "checks/s, one core" "$command" "$(awk -v n="$many" 'BEGIN { printf "%.0f", 1e9 / n }')"
}

# The whole HTTP check path in process (registry and enforcement point), bytes allocated per check.
row_http_check_alloc() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local artifacts="$WORK/bdn-HttpCheckBenchmarks" json method bytes
  dotnet "$BENCH_DLL" --filter "*HttpCheckBenchmarks*" --job short --inProcess --exporters json --artifacts "$artifacts" \
    >"$WORK/bdn-HttpCheckBenchmarks.log" 2>&1 || { tail -n 20 "$WORK/bdn-HttpCheckBenchmarks.log" >&2; note "skipped: HttpCheckBenchmarks failed"; return; }
  local command="dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll --filter '*HttpCheckBenchmarks*' --job short --inProcess"
  json="$(cat "$artifacts"/results/*HttpCheckBenchmarks*-report*.json 2>/dev/null)"
  while read -r method bytes; do
    case $method in
      Registry) record http_alloc_registry "B per check" "$command" "$bytes" ;;
      EnforcementPoint) record http_alloc_sidecar "B per check" "$command" "$bytes" ;;
    esac
  done < <(grep -oE '"Method":"[^"]*"|"BytesAllocatedPerOperation":[0-9]+' <<<"$json" |
    awk -F: '/Method/ { gsub(/"/, "", $2); m = $2 } /BytesAllocated/ && m != "" { print m, $2; m = "" }')
}

row_batch_check() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local out
  out="$(bdn CheckStreamBenchmarks)" || { note "skipped: CheckStreamBenchmarks failed"; return; }
  local command="HEED_BENCH_RECORDS=10000000 dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll --filter '*CheckStreamBenchmarks*' --job short --inProcess"
  local grpc
  grpc="$(awk '$1 == "OverGrpc" { print $2 }' <<<"$out")"
  [[ -z $grpc ]] || record checkstream_per_s "checks/s, 2 streams on 2 cores" "$command" "$(awk -v n="$grpc" 'BEGIN { printf "%.0f", 1e9 / n }')"
}

# create_key ROLE — a new key from the running bench registry.
create_key() {
  curl -fs -X POST "http://127.0.0.1:$HEED_PORT/v1/keys" -H "Authorization: Bearer $HEED_KEY" \
    -H 'Content-Type: application/json' -d "{\"role\":\"$1\",\"name\":\"bench $1\"}" | sed 's/.*"key":"\([^"]*\)".*/\1/'
}

row_gate() {
  ensure_deb wrk wrk && ensure_deb curl curl || { note "skipped: wrk"; return; }
  [[ -f $YARP_DLL ]] || { note "skipped: $YARP_DLL not built"; return; }
  start_heed || return
  local enforcer recorder upstream gate yarp
  enforcer="$(create_key enforcer)"
  recorder="$(create_key recorder)"
  upstream="$(free_port)" gate="$(free_port)" yarp="$(free_port)"
  printf '%s' "$enforcer" >"$WORK/enforcer.key" && printf '%s' "$recorder" >"$WORK/recorder.key"
  chmod 600 "$WORK/enforcer.key" "$WORK/recorder.key"
  cat >"$WORK/gate.json" <<JSON
{
  "ReverseProxy": {
    "Routes": {
      "events": { "ClusterId": "app", "Match": { "Path": "/events" },
        "Metadata": { "Heed.Purposes": "analytics.reporting", "Heed.Subject": "header:X-User-Id", "Heed.SubjectKind": "user" } }
    },
    "Clusters": { "app": { "Destinations": { "one": { "Address": "http://127.0.0.1:$upstream" } } } }
  }
}
JSON
  start_bg upstream dotnet "$YARP_DLL" upstream --urls "http://127.0.0.1:$upstream"
  local upstream_pid=$LAST_PID
  start_bg gate dotnet "$HEED_DLL" gate --registry "http://127.0.0.1:$HEED_GRPC_PORT" --key-file "$WORK/enforcer.key" \
    --registry-http "http://127.0.0.1:$HEED_PORT" --writer-key-file "$WORK/recorder.key" --config "$WORK/gate.json" --urls "http://127.0.0.1:$gate"
  local gate_pid=$LAST_PID
  start_bg yarp dotnet "$YARP_DLL" --config "$WORK/gate.json" --urls "http://127.0.0.1:$yarp"
  local yarp_pid=$LAST_PID
  if wait_http_ok "http://127.0.0.1:$upstream/" "$upstream_pid" 60 && wait_http_ok "http://127.0.0.1:$gate/readyz" "$gate_pid" 60 &&
    wait_http_ok "http://127.0.0.1:$yarp/events" "$yarp_pid" 60; then
    printf 'wrk.headers["X-User-Id"] = "8812"\n' >"$WORK/user.lua"
    measure_wrk yarp_plain "http://127.0.0.1:$yarp/events" 50 "$WORK/user.lua"
    measure_wrk heed_gate "http://127.0.0.1:$gate/events" 50 "$WORK/user.lua"
  else
    note "skipped: the gate, plain YARP or the upstream did not become ready; gate log:"
    tail -n 5 "$WORK/gate.log" | sed 's/^/#   /' >&2
  fi
  forget_pid "$yarp_pid"; forget_pid "$gate_pid"; forget_pid "$upstream_pid"
  stop_heed
}

# The gate on a CloudEvents route (Heed.CloudEvents) vs plain YARP on the same route and bodies, one row per
# mode of the HTTP binding: binary (ce- headers), structured (one JSON event) and batch (10 JSON events).
# The event's type is registered through POST /v1/schemas first; a gate that does not forward one event of
# the mode (for example a registry without schemas) is noted, not measured.
row_gate_ce_binary() { gate_ce_row binary; }
row_gate_ce_structured() { gate_ce_row structured; }
row_gate_ce_batch() { gate_ce_row batch; }

gate_ce_event() { # SUBJECT — one event in the JSON format
  printf '{"specversion":"1.0","id":"%s","source":"/bench","type":"com.example.bench.viewed","schemaversion":1,"subject":"%s","datacontenttype":"application/json","data":{"page":"/"}}' "$1" "$1"
}

gate_ce_script() { # MODE FILE — a wrk script that POSTs one request of MODE
  local mode=$1 body content_type
  case $mode in
    binary)
      body='{"page":"/"}' content_type=application/json ;;
    structured)
      body="$(gate_ce_event user:8812)" content_type=application/cloudevents+json ;;
    batch)
      local i events=()
      for ((i = 0; i < 10; i++)); do events+=("$(gate_ce_event "user:88$i")"); done
      body="[$(IFS=,; echo "${events[*]}")]" content_type=application/cloudevents-batch+json ;;
  esac
  {
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "%s"\n' "$content_type"
    if [[ $mode == binary ]]; then
      printf 'wrk.headers["ce-specversion"] = "1.0"\nwrk.headers["ce-id"] = "1"\nwrk.headers["ce-source"] = "/bench"\n'
      printf 'wrk.headers["ce-type"] = "com.example.bench.viewed"\nwrk.headers["ce-schemaversion"] = "1"\nwrk.headers["ce-subject"] = "user:8812"\n'
    fi
    printf 'wrk.body = [=[%s]=]\n' "$body"  # level-1 brackets: a batch ends in ]]
  } >"$2"
}

gate_ce_row() { # MODE
  local mode=$1
  ensure_deb wrk wrk && ensure_deb curl curl || { note "skipped: wrk"; return; }
  [[ -f $YARP_DLL ]] || { note "skipped: $YARP_DLL not built"; return; }
  start_heed || return
  local enforcer recorder upstream gate yarp status
  status="$(curl -s -o "$WORK/schema.out" -w '%{http_code}' -X POST "http://127.0.0.1:$HEED_PORT/v1/schemas" -H "Authorization: Bearer $HEED_KEY" \
    -H 'Content-Type: application/json' -d '{"type":"com.example.bench.viewed","version":1,"purposes":["analytics.reporting"]}')"
  if [[ $status != 201 ]]; then
    note "skipped: POST /v1/schemas answered $status: $(head -c 200 "$WORK/schema.out")"
    stop_heed
    return
  fi
  enforcer="$(create_key enforcer)"
  recorder="$(create_key recorder)"
  upstream="$(free_port)" gate="$(free_port)" yarp="$(free_port)"
  printf '%s' "$enforcer" >"$WORK/enforcer.key" && printf '%s' "$recorder" >"$WORK/recorder.key"
  chmod 600 "$WORK/enforcer.key" "$WORK/recorder.key"
  cat >"$WORK/gate-ce.json" <<JSON
{
  "ReverseProxy": {
    "Routes": { "events": { "ClusterId": "app", "Match": { "Path": "/events" }, "Metadata": { "Heed.CloudEvents": "true" } } },
    "Clusters": { "app": { "Destinations": { "one": { "Address": "http://127.0.0.1:$upstream" } } } }
  }
}
JSON
  gate_ce_script "$mode" "$WORK/ce-$mode.lua"
  start_bg upstream dotnet "$YARP_DLL" upstream --urls "http://127.0.0.1:$upstream"
  local upstream_pid=$LAST_PID
  start_bg gate dotnet "$HEED_DLL" gate --registry "http://127.0.0.1:$HEED_GRPC_PORT" --key-file "$WORK/enforcer.key" \
    --registry-http "http://127.0.0.1:$HEED_PORT" --writer-key-file "$WORK/recorder.key" --config "$WORK/gate-ce.json" --urls "http://127.0.0.1:$gate"
  local gate_pid=$LAST_PID
  start_bg yarp dotnet "$YARP_DLL" --config "$WORK/gate-ce.json" --urls "http://127.0.0.1:$yarp"
  local yarp_pid=$LAST_PID
  if wait_http_ok "http://127.0.0.1:$upstream/" "$upstream_pid" 60 && wait_http_ok "http://127.0.0.1:$gate/readyz" "$gate_pid" 60 &&
    wait_http_ok "http://127.0.0.1:$yarp/events" "$yarp_pid" 60; then
    # One request of the mode must be forwarded (the schema replicated), or the row would time refusals.
    status="$(wrk_errors "$(wrk -t1 -c1 -d1s -s "$WORK/ce-$mode.lua" "http://127.0.0.1:$gate/events" 2>&1)")"
    if [[ -z $status ]]; then
      measure_wrk "yarp_plain_ce_$mode" "http://127.0.0.1:$yarp/events" 50 "$WORK/ce-$mode.lua"
      measure_wrk "heed_gate_ce_$mode" "http://127.0.0.1:$gate/events" 50 "$WORK/ce-$mode.lua"
    else
      note "skipped: the gate refused $mode events (non-2xx: $status); gate log:"
      tail -n 5 "$WORK/gate.log" | sed 's/^/#   /' >&2
    fi
  else
    note "skipped: the gate, plain YARP or the upstream did not become ready; gate log:"
    tail -n 5 "$WORK/gate.log" | sed 's/^/#   /' >&2
  fi
  forget_pid "$yarp_pid"; forget_pid "$gate_pid"; forget_pid "$upstream_pid"
  stop_heed
}

row_relay() {
  [[ -f $RELAY_BENCH_DLL ]] || { note "skipped: $RELAY_BENCH_DLL not built"; return; }
  local command="dotnet bench/Heed.Bench.PassThroughRelay/bin/Release/net10.0/Heed.Bench.PassThroughRelay.dll 30000 200 $RUNS"
  local out
  out="$(dotnet "$RELAY_BENCH_DLL" 30000 200 "$RUNS" 2>"$WORK/relay.err")" || { note "skipped: relay benchmark failed: $(tail -n 3 "$WORK/relay.err")"; return; }
  record relay_passthrough_msgs "msg/s" "$command" $(awk '$1 == "pass-through" { gsub(/,/, "", $2); print $2 }' <<<"$out")
  record relay_heed_msgs "msg/s" "$command" $(awk '$1 == "heed" && $2 == "relay" { gsub(/,/, "", $3); print $3 }' <<<"$out")
}

row_write_to_enforced() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  enforce_runs enforce8 dotnet "$BENCH_DLL" enforce 8 2000
}

# enforce_runs KEY COMMAND... — RUNS runs of a write → enforced driver; records KEY_p50 and KEY_p99. A run
# whose writes were not all enforced, or whose check afterwards failed, is noted.
enforce_runs() {
  local key=$1
  shift
  local out p50=() p99=() i
  for ((i = 1; i <= RUNS; i++)); do
    out="$("$@" 2>&1)" || NOTES+=("$key run $i failed: $(tail -n 2 <<<"$out" | tr '\n' ' ')")
    p50+=("$(grep -oE 'p50 [0-9.]+' <<<"$out" | cut -d' ' -f2)")
    p99+=("$(grep -oE 'p99 [0-9.]+' <<<"$out" | cut -d' ' -f2)")
  done
  local shown
  shown="$(sed -E "s#$ROOT/##g; s#$WORK#\$WORK#g; s#http://127\.0\.0\.1:[0-9]+#URL#g" <<<"$*")"
  record "${key}_p50" "ms" "$shown" "${p50[@]}"
  record "${key}_p99" "ms" "$shown" "${p99[@]}"
}

# 8 `heed sidecar` processes; each write timed until the registry answers enforced (all leased replicas
# applied it), then each sidecar's POST /v1/check must answer opted_out for it.
row_write_to_enforced_sidecars() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  start_heed || return
  rm -f "$WORK/enforcer.key"
  printf '%s' "$HEED_KEY" >"$WORK/admin.key" && chmod 600 "$WORK/admin.key"
  local urls=() pids=() i ready=1
  for ((i = 1; i <= 8; i++)); do
    start_sidecar "sidecar$i" "bench-$i"
    urls+=("$SIDECAR_URL") pids+=("$LAST_PID")
  done
  for ((i = 0; i < 8; i++)); do
    wait_sidecar "${urls[$i]}" "${pids[$i]}" "sidecar$((i + 1))" || { ready=0; break; }
  done
  ((ready)) && enforce_runs enforce_sidecars8 dotnet "$BENCH_DLL" enforce-sidecars "$WORK/admin.key" "http://127.0.0.1:$HEED_PORT" 1000 "${urls[@]}"
  for i in "${pids[@]}"; do forget_pid "$i"; done
  stop_heed
}

# 10,000 light replica sessions in one process on 8 HTTP/2 connections, each renewing its lease every
# 100 ms. Kestrel allows 100 streams per HTTP/2 connection by default; the registry is given enough.
row_write_to_enforced_10k() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local sessions=10000 connections=8
  Kestrel__Limits__Http2__MaxStreamsPerConnection=$(((sessions + connections - 1) / connections)) start_heed || return
  printf '%s' "$HEED_KEY" >"$WORK/admin.key" && chmod 600 "$WORK/admin.key"
  # One run (opening 10,000 sessions is most of its time), of at most 1,000 writes and 20 s of writing.
  local runs=$RUNS
  RUNS=1
  enforce_runs enforce_10k dotnet "$BENCH_DLL" enforce-sessions "$WORK/admin.key" "http://127.0.0.1:$HEED_PORT" \
    "http://127.0.0.1:$HEED_GRPC_PORT" "$sessions" "$connections" 1000 20
  RUNS=$runs
  stop_heed
}

row_replica_memory() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local out
  out="$(dotnet "$BENCH_DLL" memory 10000000 2>&1)" || { note "skipped: memory report failed"; return; }
  record replica_bytes_per_record "bytes/record (10M, presized)" "dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll memory 10000000" \
    "$(grep presized <<<"$out" | grep -oE 'bytes/record: [0-9.]+' | cut -d' ' -f2)"
}

row_replica_bootstrap() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local out
  out="$(dotnet "$BENCH_DLL" bootstrap 10000000 2>&1)" || { note "skipped: bootstrap failed: $(tail -n 2 <<<"$out")"; return; }
  record bootstrap_10m_s "s (10M records, gRPC on loopback)" "dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll bootstrap 10000000" \
    "$(grep -oE 'gRPC: [0-9.]+ s' <<<"$out" | grep -oE '[0-9.]+')"
}

# One dependent random load over 256 MB (a 10M-record table's size): no check can beat it.
row_dram_latency() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local out
  out="$(dotnet "$BENCH_DLL" dram 256 5000000 "$RUNS" 2>&1)" || { note "skipped: dram failed: $(tail -n 2 <<<"$out")"; return; }
  record dram_ns "ns per dependent load (256 MB, 4 KB pages)" "dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll dram 256 5000000 $RUNS" \
    $(grep -oE '[0-9.]+ ns per load' <<<"$out" | cut -d' ' -f1)
}

# Raw durable writes on the bench work directory's disk (where heed serve keeps its data).
row_fsync_rate() {
  [[ -f $BENCH_DLL ]] || { note "skipped: $BENCH_DLL not built"; return; }
  local seconds=$((DURATION < 3 ? DURATION : 3)) rate=() p50=() i out
  for ((i = 1; i <= RUNS; i++)); do
    out="$(dotnet "$BENCH_DLL" fsync "$WORK" "$seconds" 2>&1)" || { note "fsync run $i failed: $(tail -n 2 <<<"$out")"; continue; }
    rate+=("$(grep -oE 'fsync: [0-9]+' <<<"$out" | cut -d' ' -f2)")
    p50+=("$(grep -oE 'p50 [0-9]+' <<<"$out" | awk '{ printf "%.3f", $2 / 1000 }')")
  done
  local command="dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll fsync \$WORK $seconds"
  record fsync_per_s "fsync/s (4 KB write + fdatasync)" "$command" "${rate[@]}"
  record fsync_p50 "ms per 4 KB write + fdatasync, p50" "$command" "${p50[@]}"
}

row_bulk_writes() {
  start_heed || return
  local rows=500000 file="$WORK/sendgrid.csv"
  awk -v n="$rows" 'BEGIN { print "email,created"; for (i = 0; i < n; i++) printf "bulk%d@example.com,1700000000\n", i }' >"$file"
  printf '%s' "$HEED_KEY" >"$WORK/admin.key" && chmod 600 "$WORK/admin.key"
  local start end
  start="$(date +%s.%N)"
  if dotnet "$HEED_DLL" import "$file" --registry "http://127.0.0.1:$HEED_PORT" --key-file "$WORK/admin.key" >"$WORK/import.log" 2>&1; then
    end="$(date +%s.%N)"
    record import_rows_per_s "rows/s ($rows SendGrid rows, end to end)" "heed import sendgrid-500k.csv" \
      "$(awk -v a="$start" -v b="$end" -v n="$rows" 'BEGIN { printf "%.0f", n / (b - a) }')"
  else
    note "skipped: heed import failed: $(tail -n 2 "$WORK/import.log")"
  fi
  stop_heed
}

# ---------------------------------------------------------------------------------------------------
# Report.

# target NAME HEED_KEY PEER_KEY|- TARGET_OP TARGET [UNIT_NOTE] — one row of the targets table. With a peer,
# the target applies to heed/peer (both from this run); without, to the Heed figure itself.
target() {
  local name=$1 heed_key=$2 peer_key=$3 op=$4 goal=$5
  local heed=${VALUE[$heed_key]:-} peer="" value shown_peer="–" ratio="–"
  if [[ -z $heed ]]; then
    echo "| $name | not measured | – | – | $op $goal | **not measured** |"
    return
  fi
  value=$heed
  if [[ $peer_key != - ]]; then
    peer=${VALUE[$peer_key]:-}
    if [[ -z $peer ]]; then
      echo "| $name | $heed ${UNIT[$heed_key]} | not measured | – | $op $goal | **not measured** |"
      return
    fi
    ratio="$(awk -v a="$heed" -v b="$peer" 'BEGIN { printf "%.2f", a / b }')"
    value=$ratio
    shown_peer="$peer ${UNIT[$peer_key]}"
  fi
  local met
  met="$(awk -v v="$value" -v g="$goal" -v op="$op" 'BEGIN { print ((op == ">=" ? v >= g : v <= g) ? "met" : "**not met**") }')"
  echo "| $name | $heed ${UNIT[$heed_key]} | $shown_peer | $ratio | $op $goal | $met |"
}

# ceiling NAME LIMIT_KEY FIGURE_NAME FIGURE_KEY TARGET|- floor|- — one row of the ceilings table (targets
# here are upper bounds, in the figure's unit). "floor":
# the figure cannot beat the ceiling (a check needs one load, an acknowledged write one flush), so a
# target below it is beyond the machine.
ceiling() {
  local name=$1 limit_key=$2 figure_name=$3 figure_key=$4 goal=$5 kind=$6
  local limit=${VALUE[$limit_key]:-} figure=${VALUE[$figure_key]:-} ratio="–" goal_ratio="–" shown_goal="–"
  [[ $goal == - ]] || shown_goal="≤ $goal"
  [[ -n $limit ]] || { echo "| $name | not measured | $figure_name | ${figure:-not measured} | – | $shown_goal | – |"; return; }
  [[ -z $figure ]] || ratio="$(awk -v a="$figure" -v b="$limit" 'BEGIN { printf "%.2f", a / b }')"
  if [[ $goal != - ]]; then
    goal_ratio="$(awk -v a="$goal" -v b="$limit" 'BEGIN { printf "%.2f", a / b }')"
    if [[ $kind == floor ]] && awk -v a="$goal" -v b="$limit" 'BEGIN { exit !(a < b) }'; then
      goal_ratio+=" (**beyond the machine**)"
    fi
  fi
  echo "| $name | $limit ${UNIT[$limit_key]} | $figure_name | ${figure:-not measured}${figure:+ ${UNIT[$figure_key]}} | $ratio | $shown_goal | $goal_ratio |"
}

report() {
  echo "## Results: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(uname -r)," \
    ".NET $(dotnet --version 2>/dev/null); median of $RUNS runs of ${DURATION}s; everything on 127.0.0.1."
  echo "Load average before: $LOAD_BEFORE; after: $LOAD_AFTER. $COMPARABLE"
  echo "Command: \`bench/run.sh $ARGS_SHOWN\` ($((SECONDS / 60)) min $((SECONDS % 60)) s)."
  echo
  echo "| measure | Heed | peer (same run) | ratio | target | status |"
  echo "|---|---|---|---|---|---|"
  target "registry HTTP \`POST /v1/check\` vs bare Kestrel (same JSON parse and lookup)" heed_check_rps kestrel_check_rps ">=" 0.9
  target "registry HTTP check p99 at 70% of peak" heed_check_p99_at70 - "<=" 2
  target "sidecar HTTP \`POST /v1/check\` vs bare Kestrel (same JSON parse and lookup)" sidecar_check_rps kestrel_check_rps ">=" 0.9
  target "sidecar HTTP check p99 at 70% of peak" sidecar_check_p99_at70 - "<=" 2
  target "registry HTTP check path, bytes allocated per check" http_alloc_registry - "<=" 1024
  target "enforcement point HTTP check path, bytes allocated per check" http_alloc_sidecar - "<=" 1024
  target "\`Check\`, 10M records, ns per check" check_ns - "<=" 150
  target "\`Check\` vs one dependent random load over 256 MB" check_ns dram_ns "<=" 1.2
  target "\`Check\` vs Redis SISMEMBER \`-P 16\`" check_per_s redis_sismember_p16 ">=" 15
  target "\`CheckMany\`, 10M records, checks/s on one core" checkmany_per_s - ">=" 20000000
  target "\`CheckMany\` vs Redis SISMEMBER \`-P 16\`" checkmany_per_s redis_sismember_p16 ">=" 20
  target "CheckStream over gRPC, 10M records, checks/s" checkstream_per_s - ">=" 10000000
  target "durable single writes, 64 writers over HTTP, vs pgbench INSERT (64 clients)" heed_writes_c64_rps pgbench_insert_c64 ">=" 2
  target "\`heed import\`, end to end" import_rows_per_s - ">=" 250000
  target "relay vs pass-through relay, same broker" relay_heed_msgs relay_passthrough_msgs ">=" 0.95
  target "gate vs plain YARP, rps" heed_gate_rps yarp_plain_rps ">=" 0.95
  if [[ -n ${VALUE[heed_gate_p99]:-} && -n ${VALUE[yarp_plain_p99]:-} ]]; then
    VALUE[gate_added_p99]="$(awk -v a="${VALUE[heed_gate_p99]}" -v b="${VALUE[yarp_plain_p99]}" 'BEGIN { printf "%.2f", a - b }')"
    UNIT[gate_added_p99]="ms"
  fi
  target "gate added p99 over plain YARP" gate_added_p99 - "<=" 0.1
  target "gate, CloudEvents binary, vs plain YARP, rps" heed_gate_ce_binary_rps yarp_plain_ce_binary_rps ">=" 0.95
  target "gate, CloudEvents structured, vs plain YARP, rps" heed_gate_ce_structured_rps yarp_plain_ce_structured_rps ">=" 0.95
  target "gate, CloudEvents batch of 10, vs plain YARP, rps" heed_gate_ce_batch_rps yarp_plain_ce_batch_rps ">=" 0.95
  target "write → enforced, 8 \`heed sidecar\` processes, p50" enforce_sidecars8_p50 - "<=" 1
  target "write → enforced, 8 \`heed sidecar\` processes, p99" enforce_sidecars8_p99 - "<=" 5
  target "write → enforced, 8 SDK replicas in one process, p50" enforce8_p50 - "<=" 1
  target "write → enforced, 8 SDK replicas in one process, p99" enforce8_p99 - "<=" 5
  target "write → enforced, 10,000 replica sessions, p99" enforce_10k_p99 - "<=" 20
  target "replica bootstrap, 10M records" bootstrap_10m_s - "<=" 1
  target "replica memory per record" replica_bytes_per_record - "<=" 24
  echo
  echo "The machine's ceilings, measured in the same run. A target beyond the ceiling it cannot pass is marked."
  echo
  echo "| ceiling | measured | Heed figure | Heed | Heed ÷ ceiling | target | target ÷ ceiling |"
  echo "|---|---|---|---|---|---|---|"
  ceiling "one dependent random load, 256 MB" dram_ns "\`Check\`, 10M records" check_ns 150 floor
  ceiling "one dependent random load, 256 MB" dram_ns "\`CheckMany\`, 10M records, per check" checkmany_ns 50 -
  ceiling "static HTTP answer, bare Kestrel" kestrel_static_rps "registry \`POST /v1/check\`" heed_check_rps - -
  ceiling "static HTTP answer, bare Kestrel" kestrel_static_rps "sidecar \`POST /v1/check\`" sidecar_check_rps - -
  ceiling "static HTTP answer, bare Kestrel" kestrel_static_rps "bare Kestrel check (the peer)" kestrel_check_rps - -
  ceiling "fsync/s, 4 KB + fdatasync" fsync_per_s "durable single writes, 64 writers" heed_writes_c64_rps - -
  ceiling "one 4 KB write + fdatasync, p50" fsync_p50 "write → enforced, 8 sidecars, p50" enforce_sidecars8_p50 1 floor
  ceiling "one 4 KB write + fdatasync, p50" fsync_p50 "write → enforced, 10,000 sessions, p50" enforce_10k_p50 - -
  echo
  echo "Every measure of this run:"
  echo
  echo "| measure | median | unit | runs | command |"
  echo "|---|---:|---|---|---|"
  local key
  for key in "${MEASURES[@]}"; do
    echo "| $key | ${VALUE[$key]} | ${UNIT[$key]} | ${SAMPLES[$key]} | \`${COMMAND_OF[$key]}\` |"
  done
  echo
  echo "Time taken: builds ${BUILD_SECONDS} s; $(printf '%s s, ' "${ROW_SECONDS[@]}" | sed 's/, $//')."
  if [[ ${#NOTES[@]} -gt 0 ]]; then
    echo
    printf -- '- %s\n' "${NOTES[@]}"
  fi
}

# Replaces the generated part of docs/benchmarks.md (between its two markers) with the report.
write_docs() {
  local doc="$ROOT/docs/benchmarks.md" begin='<!-- bench/run.sh: generated from here -->' end='<!-- bench/run.sh: generated up to here -->'
  grep -qF "$begin" "$doc" && grep -qF "$end" "$doc" || { note "docs/benchmarks.md has no generated section; not rewritten"; return; }
  awk -v begin="$begin" -v end="$end" -v report="$1" '
    $0 == begin { print; while ((getline line < report) > 0) print line; skip = 1; next }
    $0 == end { skip = 0 }
    !skip { print }' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
  note "docs/benchmarks.md rewritten"
}

# ---------------------------------------------------------------------------------------------------

main() {
  LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
  if awk -v l="${LOAD_BEFORE%% *}" 'BEGIN { exit !(l > 1) }'; then
    COMPARABLE="**Not comparable: the load before the run was above 1**, so these figures measure whatever else ran."
    note "warning: load average ${LOAD_BEFORE%% *} > 1; this run is marked not comparable"
  else
    COMPARABLE="The machine was idle (load under 1) when the run began."
  fi
  write_lua_scripts
  local project
  if [[ ${BENCH_BUILD:-1} == 1 ]]; then
    note "building Release (bench/Heed.Bench.Kestrel, src/Heed.Cli, bench/Heed.Benchmarks, bench/Heed.Bench.PassThroughRelay, bench/Heed.Bench.Yarp)"
    for project in bench/Heed.Bench.Kestrel src/Heed.Cli bench/Heed.Benchmarks bench/Heed.Bench.PassThroughRelay bench/Heed.Bench.Yarp; do
      dotnet build "$project" -c Release >"$WORK/build-$(basename "$project").log" 2>&1 || note "warning: $project build failed"
    done
  fi
  note "builds took $SECONDS s"
  BUILD_SECONDS=$SECONDS
  local row
  for row in "${ROWS[@]}"; do
    if ! declare -F "row_$row" >/dev/null; then
      note "unknown row $row (rows: ${ALL_ROWS[*]})"
      continue
    fi
    note "row $row"
    local started=$SECONDS
    "row_$row"
    ROW_SECONDS+=("$row $((SECONDS - started))")
    note "row $row took $((SECONDS - started)) s"
  done
  LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
  report >"$WORK/report.md"
  cat "$WORK/report.md"
  # A full run (every row) rewrites docs/benchmarks.md; a partial one only prints, unless asked.
  if [[ $# -eq 0 || ${BENCH_WRITE_DOCS:-0} == 1 ]]; then
    write_docs "$WORK/report.md"
  fi
}

ARGS_SHOWN="${ORIGINAL_ARGS:-}"
main "${ROWS_GIVEN[@]}"
