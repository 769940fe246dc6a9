#!/usr/bin/env bash
# heed gate vs plain YARP on the same upstream: the `gate` row of bench/run.sh (kept as a shortcut).
# Usage: bench/gate-vs-yarp.sh [-n RUNS] [-d SECONDS]
exec "$(dirname "$0")/run.sh" "$@" gate
