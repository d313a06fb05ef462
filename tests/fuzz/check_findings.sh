#!/usr/bin/env bash
# check_findings.sh: re-runs every reproducer in tests/fuzz/findings/ against
# the current tree (the fuzz binaries and holosim in build-fuzz/, rebuilt
# first) and prints, per finding, "FAILS <signature>" or "passes". A finding
# that passes is fixed: move its reproducer into corpus/<target>/ (the replay
# test then guards it) and mark it fixed in HOSTILE_INPUTS.md.
#
#   tests/fuzz/check_findings.sh
#
# Reproducer names say how to run them: F<n>-<target>-... goes through the
# fuzz target <target> (scenario, codecs, elector); F<n>-scenario-*.json that
# is a whole scenario for `holosim run` is marked by the word "slow-store",
# "partition" or "run" in its name.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=build-fuzz
[ -f "$build/build.ninja" ] || { echo "no $build: run tests/fuzz/run.sh once to configure it" >&2; exit 2; }
ninja -C "$build" -j2 tests/fuzz/fuzz_scenario tests/fuzz/fuzz_codecs tests/fuzz/fuzz_elector \
  sim/cli/holosim >/dev/null || { echo "build failed" >&2; exit 2; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for file in tests/fuzz/findings/F*; do
  name=$(basename "$file")
  target=$(cut -d- -f2 <<<"$name")
  case "$name" in
    *slow-store* | *partition* | *-run-*)
      output=$(timeout 300 "$build/sim/cli/holosim" run "$file" 2>&1)
      status=$?
      ;;
    *)
      output=$(timeout 300 "$build/tests/fuzz/fuzz_$target" "$file" 2>&1)
      status=$?
      ;;
  esac
  signature=$(grep -m1 -E 'assertion failed|what\(\)|runtime error|ERROR: (Address|Leak)Sanitizer|internal error' <<<"$output" |
    sed 's/^ *//' | cut -c1-160)
  if [ "$status" -eq 0 ] || { [ "$status" -le 2 ] && [ -z "$signature" ]; }; then
    printf '%-55s passes (exit %d)\n' "$name" "$status"
  else
    printf '%-55s FAILS (exit %d) %s\n' "$name" "$status" "$signature"
  fi
done
