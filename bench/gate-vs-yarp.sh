#!/usr/bin/env bash
# heed gate vs plain YARP (DESIGN §13: gate ≥ 85% of plain YARP rps, ≤ 0.3 ms added p99).
# Same config file, same upstream, same wrk; everything on 127.0.0.1. Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/Heed.Cli -v q -nologo >/dev/null
dotnet build -c Release bench/Heed.Bench.Yarp -v q -nologo >/dev/null
HEED=src/Heed.Cli/bin/Release/net10.0/heed
YARP=bench/Heed.Bench.Yarp/bin/Release/net10.0/Heed.Bench.Yarp
WORK=$(mktemp -d)
BASE=${BASE:-271}  # ports ${BASE}80.. on 127.0.0.1
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timeout waiting for $1" >&2; exit 1; }

export HEED_ADMIN_KEY="bench-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d " \n")"
(cd "$WORK" && exec "$OLDPWD/$HEED" serve --data "$WORK/data" --urls http://127.0.0.1:${BASE}80 --grpc-urls http://127.0.0.1:${BASE}81 >"$WORK/serve.log" 2>&1) & pids+=($!)
wait_for http://127.0.0.1:${BASE}80/healthz
key() { curl -fs -X POST http://127.0.0.1:${BASE}80/v1/keys -H "authorization: Bearer $HEED_ADMIN_KEY" -H 'content-type: application/json' -d "{\"role\":\"$1\",\"name\":\"bench $1\"}" | sed 's/.*"key":"\([^"]*\)".*/\1/'; }
ENFORCER=$(key enforcer); WRITER=$(key writer)

"$YARP" upstream --urls http://127.0.0.1:${BASE}90 & pids+=($!)
cat >"$WORK/gate.json" <<JSON
{
  "ReverseProxy": {
    "Routes": {
      "events": { "ClusterId": "app", "Match": { "Path": "/events" },
        "Metadata": { "Heed.Purposes": "analytics.reporting", "Heed.Subject": "header:X-User-Id", "Heed.SubjectKind": "user" } }
    },
    "Clusters": { "app": { "Destinations": { "one": { "Address": "http://127.0.0.1:${BASE}90" } } } }
  }
}
JSON
"$HEED" gate --registry http://127.0.0.1:${BASE}81 --key "$ENFORCER" --registry-http http://127.0.0.1:${BASE}80 --writer-key "$WRITER" --config "$WORK/gate.json" --urls http://127.0.0.1:${BASE}82 >"$WORK/gate.log" 2>&1 & pids+=($!)
"$YARP" --config "$WORK/gate.json" --urls http://127.0.0.1:${BASE}83 & pids+=($!)
wait_for http://127.0.0.1:${BASE}90/
wait_for http://127.0.0.1:${BASE}82/readyz
wait_for http://127.0.0.1:${BASE}83/events

run() { wrk -t2 -c50 -d"${DURATION:-10s}" --latency -H 'X-User-Id: 8812' "$1"; }
run http://127.0.0.1:${BASE}83/events >/dev/null  # warm-up
echo "== plain YARP";  run http://127.0.0.1:${BASE}83/events | tee "$WORK/yarp.txt"
run http://127.0.0.1:${BASE}82/events >/dev/null  # warm-up
echo "== heed gate";   run http://127.0.0.1:${BASE}82/events | tee "$WORK/gate.txt"
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$1"; }
awk -v g="$(rps "$WORK/gate.txt")" -v y="$(rps "$WORK/yarp.txt")" -v gp="$(p99 "$WORK/gate.txt")" -v yp="$(p99 "$WORK/yarp.txt")" \
  'BEGIN { printf "gate/yarp rps: %.1f%% (%.0f vs %.0f); p99 gate %.2f ms, yarp %.2f ms, added %.2f ms\n", 100*g/y, g, y, gp, yp, gp-yp }'
