#!/usr/bin/env bash
# Times `heed audit verify --data` offline over a ledger of COUNT entries (docs/benchmarks.md, "heed audit verify").
#
# Usage: bench/audit-verify.sh [COUNT]   (default 1000000)
#   Builds the store once through the store API (bench/Heed.Benchmarks audit-store) in $BENCH_AUDIT_DIR
#   (default /tmp/heed-bench-audit-COUNT; reused when it is there), then runs the command 3 times and prints
#   each wall time, peak RSS and the load average. BENCH_BUILD=0 skips the Release builds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COUNT="${1:-1000000}"
DIR="${BENCH_AUDIT_DIR:-/tmp/heed-bench-audit-$COUNT}"

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  dotnet build bench/Heed.Benchmarks -c Release -v q -nologo >/dev/null
  dotnet build src/Heed.Cli -c Release -v q -nologo >/dev/null
fi

if [ ! -f "$DIR/heed.db" ]; then
  dotnet bench/Heed.Benchmarks/bin/Release/net10.0/Heed.Benchmarks.dll audit-store "$DIR" "$COUNT"
fi

echo "load before: $(uptime)"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KiB peak RSS" \
    dotnet src/Heed.Cli/bin/Release/net10.0/heed.dll audit verify --data "$DIR" | tail -1
done
echo "load after: $(uptime)"
