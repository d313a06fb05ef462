#!/usr/bin/env bash
# Determinism across builds, the CI-sized check (issue 9): runs every shipped
# scenario with its own seed through two holosim binaries that were built
# differently (in CI: ./build, GCC -O2 -g, and ./build-sanitize, GCC -O0 with
# AddressSanitizer and UndefinedBehaviorSanitizer) and fails when any
# scenario's trace digest or event digest differs between them. A run is a
# pure function of (scenario, seed, binary), and the binary's compiler flags
# must not enter it: a difference is a real nondeterminism bug (floating
# point that depends on optimization, reads of uninitialized memory, order of
# evaluation), and `holosim replay` with one binary on the other's trace
# names the first record that differs.
#
# gc-week simulates seven days (about a minute under the sanitizers); it runs
# for its first day here. scripts/cross_build_digests.sh runs every scenario
# in full under GCC and Clang at -O0 and -O2 before a release.
#
# usage: scripts/compare_build_digests.sh HOLOSIM_A HOLOSIM_B [WORKDIR]
# exit:  0 all digests agree, 1 some differ, 2 a run failed to complete
set -uo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 HOLOSIM_A HOLOSIM_B [WORKDIR]" >&2
  exit 2
fi
first=$1
second=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${3:-$(mktemp -d)}
mkdir -p "$work"
declare -A shortened=([gc-week]=1d)

footer_field() {
  tail -n 1 "$1" | grep -o "\"$2\":\"[^\"]*\"" | tail -n 1 | cut -d'"' -f4
}

# digests BINARY SCENARIO NAME TAG: "trace-digest event-digest", or "error-N".
digests() {
  local binary=$1 scenario=$2 name=$3 tag=$4 trace="$work/$3.$4.trace.jsonl" status
  local arguments=(run "$scenario" --quiet --trace "$trace")
  [ -n "${shortened[$name]:-}" ] && arguments+=(--set "duration=${shortened[$name]}")
  "$binary" "${arguments[@]}" >/dev/null 2>"$work/$name.$tag.err"
  status=$?
  if [ "$status" -gt 1 ]; then
    echo "error-$status"
  else
    echo "$(footer_field "$trace" digest) $(footer_field "$trace" event_digest)"
  fi
}

differing=0
failed=0
checked=0
for scenario in "$repo"/scenarios/*.json; do
  name=$(basename "$scenario" .json)
  [ "$name" = schema ] && continue
  a=$(digests "$first" "$scenario" "$name" a)
  b=$(digests "$second" "$scenario" "$name" b)
  checked=$((checked + 1))
  if [[ "$a" == error-* || "$b" == error-* ]]; then
    echo "cross-build digests: $name did not complete ($a / $b; see $work/$name.*.err)"
    failed=$((failed + 1))
  elif [ "$a" != "$b" ]; then
    echo "cross-build digests: $name DIFFERS between builds"
    echo "  $first: $a"
    echo "  $second: $b"
    echo "  find the first difference: $second replay $work/$name.a.trace.jsonl"
    differing=$((differing + 1))
  else
    echo "cross-build digests: $name ${a%% *} same"
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "cross-build digests: $failed of $checked scenarios did not complete"
  exit 2
fi
if [ "$differing" -ne 0 ]; then
  echo "cross-build digests: $differing of $checked scenarios give different digests in the two" \
    "builds: a run must not depend on compiler or flags (nondeterminism bug)"
  exit 1
fi
echo "cross-build digests: all $checked scenarios give the same trace and event digests in both builds"
