#!/usr/bin/env bash
# The one test command; .ci/run calls it.
#
# On a fresh machine (.NET SDK and PostgreSQL 15 binaries, nothing else) it installs what the tests
# need, builds the solution once in Release, runs every tests/*.Tests project and ends with exactly
# one line:   tests: N passed, M failed
#
# Each test project runs on its own (`dotnet test --project`) rather than all at once on the solution:
# measured here, a project that crashes is not counted as failed in the solution-wide summary (its
# `failed:` stays 0, only an `error:` line says so), and a hard hang (a blocked thread) is not ended
# by MTP's --timeout, so only an outer `timeout` per project can stop it without losing every other
# project's result.
#
# Environment:
#   HEED_TEST_PROJECT_TIMEOUT  seconds one test project may take (default 1200)
#   HEED_TEST_BUDGET           seconds all test projects together may take (default 4500; CI allows
#                              5400 for the whole run, install and build included)
#   HEED_TEST_FILTER           only run test projects whose name matches this extended regex
#   HEED_TEST_NO_BUILD=1       reuse the last Release build (for reruns while developing)
#
# After the test projects, a full run (no HEED_TEST_FILTER) runs the mutation check, scripts/mutate.sh
# (docs/mutations.md): each killed breakage counts as 1 passed, each survivor (or patch that no longer
# applies or builds) as 1 failed.
#
# Not `set -e`: every failure must still reach the final line.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

CONFIGURATION=Release
PROJECT_TIMEOUT="${HEED_TEST_PROJECT_TIMEOUT:-1200}"
BUDGET="${HEED_TEST_BUDGET:-4500}"
FILTER="${HEED_TEST_FILTER:-.}"
LOG_DIR="$ROOT/artifacts/test-logs"

# MTP's summary words are localized; parse them in English. No telemetry or banners in CI logs.
export DOTNET_CLI_UI_LANGUAGE=en-US DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# MSBuild worker nodes would otherwise linger after the build. (No `dotnet build-server shutdown`:
# it would also stop compiler servers that other builds on this machine are using.)
export MSBUILDDISABLENODEREUSE=1

passed=0
failed=0
skipped=0
final_printed=0
summary_lines=()
# The first lines of each failed test (name, message, top of the stack), repeated after the summary so a
# failure is visible even when only the tail of the log is kept.
failure_lines=()

final_line() {
  if [[ $final_printed -eq 0 ]]; then
    final_printed=1
    echo "tests: $passed passed, $failed failed"
  fi
}
# Whatever happens (an error in this script, CI stopping it), the last line is printed.
trap final_line EXIT
trap 'echo "test.sh: interrupted"; failed=$((failed + 1)); exit 130' INT TERM

log() { echo "==> $*"; }

# ---------------------------------------------------------------------------------------------------
# Machine setup: Debian packages, installed only when missing.

apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "warning: not root; cannot install $* (tests that need it will fail)"
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: update once, then retry.
  apt-get -o DPkg::Lock::Timeout=600 install -y "$@" ||
    { apt-get -o DPkg::Lock::Timeout=600 update && apt-get -o DPkg::Lock::Timeout=600 install -y "$@"; }
}

# Relay tests and the RabbitMqBroker fixture start private nodes with /usr/lib/rabbitmq/bin/rabbitmq-server.
ensure_rabbitmq() {
  if [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
    return 0
  fi
  log "installing rabbitmq-server"
  apt_install rabbitmq-server || echo "warning: rabbitmq-server could not be installed"
}

# Browser tests (console, Playwright driving /usr/bin/chromium without `playwright install`).
# Not called yet: add `ensure_chromium` to install_prerequisites when the first browser test lands.
ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    return 0
  fi
  log "installing chromium"
  apt_install chromium || echo "warning: chromium could not be installed"
}

# The sidecar sample (samples/sidecar-curl/check.sh) is a curl script; Heed.Adoption.Tests runs it.
ensure_curl() {
  if command -v curl >/dev/null 2>&1; then
    return 0
  fi
  log "installing curl"
  apt_install curl || echo "warning: curl could not be installed"
}

install_prerequisites() {
  ensure_rabbitmq
  ensure_curl
  # ensure_chromium
}

# ---------------------------------------------------------------------------------------------------
# Build once.

build() {
  mkdir -p "$LOG_DIR"
  log "dotnet build Heed.slnx -c $CONFIGURATION"
  # To a file, not a pipe: a compiler server that outlives the build must not keep a pipe open.
  dotnet build Heed.slnx -c "$CONFIGURATION" >"$LOG_DIR/build.log" 2>&1
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    grep -E ': (error|warning) ' "$LOG_DIR/build.log" | sort -u | head -100
    tail -n 20 "$LOG_DIR/build.log"
  else
    grep -E '^\s*(Build succeeded|[0-9]+ Warning|[0-9]+ Error|Time Elapsed)' "$LOG_DIR/build.log"
  fi
  return $rc
}

# ---------------------------------------------------------------------------------------------------
# Tests.

# Every tests/*.Tests project. One that is missing from Heed.slnx was not built: that is a failure,
# not a project to skip silently.
discover_projects() {
  local in_solution
  in_solution="$(dotnet sln Heed.slnx list 2>/dev/null)"
  local project
  for project in tests/*.Tests/*.Tests.csproj; do
    [[ -e $project ]] || continue
    if ! grep -qxF "$project" <<<"$in_solution"; then
      echo "MISSING:$project"
    else
      echo "$project"
    fi
  done
}

# The last "  total: N"-style number MTP printed for KEY in LOG.
summary_value() {
  local key=$1 file=$2
  grep -E "^[[:space:]]+$key: [0-9]+[[:space:]]*$" "$file" | tail -n 1 | grep -oE '[0-9]+' || true
}

# MTP prints "failed NAME (TIME)", then "  from DLL", then the message and stack, indented.
collect_failures() {
  local name=$1 file=$2
  local digest
  digest="$(awk '
    /^failed [^ ]+ \(/ { n = 0; shown++; if (shown > 10) exit; print; next }
    !/^  / { n = 99; next }
    shown && n < 6 && $1 != "from" { print; n++ }
  ' "$file")"
  [[ -n $digest ]] && failure_lines+=("$name:" "$digest")
  return 0
}

# MTP exit codes: 0 ok, 2 tests failed, 8 zero tests ran (a failure: a project that discovers no
# tests is broken, not green); anything else (3 aborted or MTP timeout,
# 7 crashed, 134/139 runtime abort, 124/137 killed by our timeout) means the project did not finish.
run_project() {
  local project=$1
  local name
  name="$(basename "$project" .csproj)"
  local file="$LOG_DIR/$name.log"

  local remaining=$((BUDGET - (SECONDS - tests_started)))
  local limit=$((PROJECT_TIMEOUT < remaining ? PROJECT_TIMEOUT : remaining))
  if [[ $limit -lt 60 ]]; then
    failed=$((failed + 1))
    summary_lines+=("$name: NOT RUN, time budget spent (counted as 1 failed)")
    return
  fi

  log "$name (limit ${limit}s)"
  local started=$SECONDS
  # MTP's own timeout fires first so a cooperative stop still reports; `timeout` ends real hangs.
  # `timeout` signals the whole process group, so the test host goes too.
  timeout --kill-after=30s "${limit}s" \
    dotnet test --project "$project" --no-build -c "$CONFIGURATION" --no-ansi --no-progress \
    --timeout "$((limit - 45))s" >"$file" 2>&1
  local rc=$?
  local seconds=$((SECONDS - started))
  cat "$file"
  collect_failures "$name" "$file"

  local total ok bad skip
  total="$(summary_value total "$file")"
  ok="$(summary_value succeeded "$file")"
  bad="$(summary_value failed "$file")"
  skip="$(summary_value skipped "$file")"
  ok=${ok:-0} bad=${bad:-0} skip=${skip:-0}

  passed=$((passed + ok))
  skipped=$((skipped + skip))
  local note=""
  case $rc in
    0)
      if [[ -z $total ]]; then
        bad=$((bad + 1)) note=" — exit 0 but no MTP summary found (counted as 1 failed)"
      fi
      ;;
    2)
      [[ $bad -gt 0 ]] || bad=1
      ;;
    8)
      # A project that stops discovering its tests must not pass silently.
      bad=$((bad + 1)) note=" — ran no tests (counted as 1 failed)"
      ;;
    124 | 137)
      bad=$((bad + 1)) note=" — HUNG, killed after ${limit}s (counted as 1 more failed)"
      ;;
    *)
      bad=$((bad + 1)) note=" — did not finish: exit $rc (crash or abort; counted as 1 more failed)"
      ;;
  esac
  failed=$((failed + bad))
  summary_lines+=("$name: $ok passed, $bad failed, $skip skipped (exit $rc, ${seconds}s)$note")
}

# The mutation check, within what is left of the budget.
run_mutations() {
  if [[ $FILTER != . ]]; then
    summary_lines+=("mutations: not run (HEED_TEST_FILTER selects a partial run)")
    return
  fi

  local remaining=$((BUDGET - (SECONDS - tests_started)))
  if [[ $remaining -lt 600 ]]; then
    failed=$((failed + 1))
    summary_lines+=("mutations: NOT RUN, time budget spent (counted as 1 failed)")
    return
  fi

  local file="$LOG_DIR/mutations.log"
  log "scripts/mutate.sh (limit ${remaining}s)"
  local started=$SECONDS
  timeout --kill-after=30s "${remaining}s" "$ROOT/scripts/mutate.sh" >"$file" 2>&1
  local rc=$?
  cat "$file"
  local line ok bad
  line="$(grep -E '^mutations: [0-9]+ killed, [0-9]+ survived$' "$file" | tail -n 1)"
  ok="$(sed -E 's/^mutations: ([0-9]+) killed.*/\1/' <<<"$line")"
  bad="$(sed -E 's/.* ([0-9]+) survived$/\1/' <<<"$line")"
  ok=${ok:-0} bad=${bad:-0}
  if [[ $rc -ne 0 && $bad -eq 0 ]]; then
    bad=1
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
  summary_lines+=("mutations: $ok killed, $bad survived or broken (exit $rc, $((SECONDS - started))s)")
}

main() {
  mkdir -p "$LOG_DIR"
  install_prerequisites

  if [[ ${HEED_TEST_NO_BUILD:-0} == 1 ]]; then
    log "reusing the last build (HEED_TEST_NO_BUILD=1)"
  elif ! build; then
    echo "build failed; no tests ran"
    failed=1
    exit 1
  fi

  tests_started=$SECONDS
  local entry
  local -a projects=()
  while IFS= read -r entry; do
    projects+=("$entry")
  done < <(discover_projects)

  for entry in "${projects[@]}"; do
    if [[ $entry == MISSING:* ]]; then
      failed=$((failed + 1))
      summary_lines+=("${entry#MISSING:}: not in Heed.slnx, so not built (counted as 1 failed)")
      continue
    fi
    [[ $(basename "$entry" .csproj) =~ $FILTER ]] || continue
    run_project "$entry"
  done

  run_mutations

  echo
  echo "Test projects:"
  local line
  for line in "${summary_lines[@]}"; do
    echo "  $line"
  done
  echo "skipped: $skipped"
  if [[ ${#failure_lines[@]} -gt 0 ]]; then
    echo "Failed tests (first lines; the full output is above and in $LOG_DIR):"
    for line in "${failure_lines[@]}"; do
      echo "$line" | sed 's/^/  /'
    done
  fi
  [[ $failed -eq 0 ]]
}

tests_started=$SECONDS
main
exit $?
