#!/usr/bin/env bash
# The mutation check for Heed's guarantees (docs/mutations.md).
#
# Each scripts/mutations/*.patch is a deliberate breakage of the product. Its header names what it breaks
# and the tests that must kill it:
#
#   Mutation: <what the breakage does>
#   Killed-by: <test project> [MTP filter options...]     (one line per project; at least one)
#
# For every patch, in a private copy of the tree (never the caller's working tree), this script checks
# that the patch applies, applies it, builds the killing test projects, runs them filtered to the killing
# tests, and reverts the patch. Before any patch it runs the same filtered tests on the unbroken copy: a
# killing test that fails without the breakage proves nothing. It ends with a report and exactly one line:
#   mutations: N killed, M survived
# and fails if any breakage survived, no longer applies, does not build, or any killer fails unbroken.
#
# Usage: scripts/mutate.sh [--working-tree] [NAME-REGEX]
#   --working-tree  mutate the working tree as it is (tracked and untracked, not ignored) instead of HEAD
#   NAME-REGEX      only the patches whose file name matches (extended regex)
# Environment:
#   HEED_MUTATE_KEEP=1  keep the private copy (its path is printed) for a look at a failure
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIGURATION=Release
source_mode=head
pattern=.
for arg in "$@"; do
  case $arg in
    --working-tree) source_mode=working ;;
    -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) pattern=$arg ;;
  esac
done

export DOTNET_CLI_UI_LANGUAGE=en-US DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

killed=0
survived=0
report=()
final_printed=0
final_line() {
  if [[ $final_printed -eq 0 ]]; then
    final_printed=1
    echo "mutations: $killed killed, $survived survived"
  fi
}
trap final_line EXIT

work="$(mktemp -d "${TMPDIR:-/tmp}/heed-mutate.XXXXXX")"
logs="$work/logs"
tree="$work/tree"
mkdir -p "$logs" "$tree"
cleanup() {
  if [[ ${HEED_MUTATE_KEEP:-0} == 1 ]]; then
    echo "kept the mutated copy in $work"
  else
    rm -rf "$work"
  fi
}
trap 'cleanup; final_line' EXIT
trap 'echo "mutate.sh: interrupted"; survived=$((survived + 1)); exit 130' INT TERM

# --- the private copy -------------------------------------------------------------------------------
cd "$ROOT" || exit 1
if [[ $source_mode == head ]]; then
  git archive --format=tar HEAD | tar -x -C "$tree" || { echo "could not copy HEAD"; survived=1; exit 1; }
else
  git ls-files -z --cached --others --exclude-standard | tar --null -T - -c | tar -x -C "$tree" ||
    { echo "could not copy the working tree"; survived=1; exit 1; }
fi
echo "==> mutating a copy of $([[ $source_mode == head ]] && git rev-parse --short HEAD || echo 'the working tree') in $tree"

patches=()
for patch in "$ROOT"/scripts/mutations/*.patch; do
  [[ -e $patch ]] || continue
  [[ $(basename "$patch") =~ $pattern ]] && patches+=("$patch")
done
if [[ ${#patches[@]} -eq 0 ]]; then
  echo "no mutation patches match '$pattern'"
  survived=1
  exit 1
fi

# "Killed-by:" lines of a patch, one per line.
killers() { sed -n 's/^Killed-by: *//p' "$1"; }
title() { sed -n 's/^Mutation: *//p' "$1" | head -n 1; }

# Builds one test project in the copy; the log goes to $2.
build() {
  (cd "$tree" && dotnet build "$1" -c "$CONFIGURATION" >"$2" 2>&1)
}

# Runs "project [filters...]" in the copy; prints the names of failed tests; returns dotnet test's code.
run_killer() {
  local spec=$1 log=$2
  local -a words
  read -r -a words <<<"$spec"
  local project=${words[0]}
  (cd "$tree" && dotnet test --project "$project" --no-build -c "$CONFIGURATION" --no-ansi --no-progress \
    -- "${words[@]:1}" >"$log" 2>&1)
  local rc=$?
  grep -E '^failed ' "$log" | sed -E 's/^failed ([^ (]+).*/\1/' | sort -u
  return $rc
}

projects_of() { killers "$1" | awk '{print $1}'; }

# --- baseline: every killer passes on the unbroken copy -----------------------------------------------
mapfile -t all_projects < <(for p in "${patches[@]}"; do projects_of "$p"; done | sort -u)
baseline_ok=1
for project in "${all_projects[@]}"; do
  name=$(basename "$project")
  echo "==> baseline build $name"
  if ! build "$project" "$logs/baseline-build-$name.log"; then
    grep -E ': error ' "$logs/baseline-build-$name.log" | sort -u | head -20
    report+=("baseline: $name does not build unbroken")
    baseline_ok=0
  fi
done
if [[ $baseline_ok -eq 1 ]]; then
  for patch in "${patches[@]}"; do
    n=0
    while IFS= read -r spec; do
      n=$((n + 1))
      log="$logs/baseline-$(basename "$patch" .patch)-$n.log"
      if ! failed_tests="$(run_killer "$spec" "$log")"; then
        report+=("baseline: '$spec' fails without any breakage (${failed_tests//$'\n'/, }); see $log")
        baseline_ok=0
      fi
    done < <(killers "$patch")
  done
fi
if [[ $baseline_ok -eq 0 ]]; then
  survived=$((survived + 1))
  printf '%s\n' "Mutation report:" "${report[@]/#/  }"
  exit 1
fi

# --- each breakage ------------------------------------------------------------------------------------
for patch in "${patches[@]}"; do
  name=$(basename "$patch" .patch)
  echo "==> $name: $(title "$patch")"
  if [[ -z $(killers "$patch") ]]; then
    report+=("$name: NO Killed-by LINE (a breakage must name the tests that kill it)")
    survived=$((survived + 1))
    continue
  fi
  if ! (cd "$tree" && git apply --check "$patch" 2>"$logs/$name-apply.log"); then
    report+=("$name: DOES NOT APPLY to this tree: update the patch ($(head -n 1 "$logs/$name-apply.log"))")
    survived=$((survived + 1))
    continue
  fi
  (cd "$tree" && git apply "$patch")

  outcome=""
  build_failed=0
  while IFS= read -r project; do
    if ! build "$project" "$logs/$name-build-$(basename "$project").log"; then
      build_failed=1
      outcome="DOES NOT BUILD with the breakage: fix the patch ($(grep -m1 -E ': error ' "$logs/$name-build-$(basename "$project").log"))"
      break
    fi
  done < <(projects_of "$patch" | sort -u)

  if [[ $build_failed -eq 0 ]]; then
    n=0
    killers_found=()
    while IFS= read -r spec; do
      n=$((n + 1))
      log="$logs/$name-$n.log"
      failed_tests="$(run_killer "$spec" "$log")"
      rc=$?
      if [[ $rc -ne 0 && -n $failed_tests ]]; then
        killers_found+=("${failed_tests//$'\n'/, }")
      elif [[ $rc -ne 0 ]]; then
        killers_found+=("'$spec' exited $rc without a failed test (crash or no tests ran); see $log")
      fi
    done < <(killers "$patch")
    if [[ ${#killers_found[@]} -gt 0 ]]; then
      outcome="killed by ${killers_found[*]}"
    fi
  fi

  (cd "$tree" && git apply -R "$patch") || { echo "could not revert $name; stopping"; survived=$((survived + 1)); exit 1; }

  if [[ $outcome == killed* ]]; then
    killed=$((killed + 1))
    report+=("$name: $outcome")
  else
    survived=$((survived + 1))
    report+=("$name: ${outcome:-SURVIVED: every killing test passed with the breakage in place}")
  fi
done

echo
echo "Mutation report:"
printf '  %s\n' "${report[@]}"
[[ $survived -eq 0 ]]
