#!/usr/bin/env bash
# run.sh: builds the libFuzzer targets with Clang, ASan and UBSan in
# build-fuzz/ and runs each for a given time.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]     (default: 600 s; scenario codecs elector)
#
# Each target starts from its checked-in corpus (tests/fuzz/corpus/<target>/,
# read only) and grows a working corpus in build-fuzz/fuzz-work/<target>/;
# crashes land in build-fuzz/fuzz-work/<target>-artifacts/. To keep an input,
# minimise it (-minimize_crash=1 for a crash, -merge=1 for the corpus) and copy
# it into tests/fuzz/corpus/<target>/ (replayed by the test suite) or, while it
# still crashes, into tests/fuzz/findings/ (see HOSTILE_INPUTS.md).
# Targets run one after another; FUZZ_JOBS=2 runs two at a time (the machine
# has two cores). Extra libFuzzer flags can be passed in FUZZ_FLAGS.
# A run does not stop at its first crash: libFuzzer runs in fork mode with
# -ignore_crashes=1 and saves every crash, so a known finding cannot eat the
# whole time budget. HOLO_FUZZ_AVOID=F1,F2,... steers the targets around known
# findings altogether (fuzz_targets.hpp).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario codecs elector)
build=build-fuzz

say() { printf 'fuzz: %s\n' "$*" >&2; }

if ! command -v clang++ >/dev/null; then
  say "clang++ not found: install it with apt-get install clang libclang-rt-14-dev"
  exit 2
fi
if [ ! -f "$build/build.ninja" ]; then
  say "configuring $build"
  # -fsanitize=fuzzer-no-link instruments every library for coverage, so the
  # fuzzer sees inside the core and the parser, not only the entry point.
  # UBSan findings must stop the run, or libFuzzer would never save them.
  CC=clang CXX=clang++ meson setup "$build" -Dfuzz=true -Dwerror=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
    "-Dcpp_args=['-fsanitize=fuzzer-no-link','-fno-sanitize-recover=undefined','-fno-omit-frame-pointer']" \
    >"$build.setup.log" 2>&1 || { cat "$build.setup.log" >&2; exit 2; }
  rm -f "$build.setup.log"
fi
binaries=()
for target in "${targets[@]}"; do binaries+=("tests/fuzz/fuzz_$target"); done
ninja -C "$build" -j2 "${binaries[@]}" >&2

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

run_one() {
  local target=$1 work="$build/fuzz-work/$1" dict="tests/fuzz/$1.dict" flags=()
  mkdir -p "$work" "$work-artifacts"
  [ -f "$dict" ] && flags+=("-dict=$dict")
  say "$target: ${seconds}s"
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags on purpose
  timeout $((seconds + 60)) "$build/tests/fuzz/fuzz_$target" "${flags[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$work-artifacts/" ${FUZZ_FLAGS:-} \
    "$work" "tests/fuzz/corpus/$target" >"$work.log" 2>&1 || true
  tail -n 20 "$work.log" >&2
  local crashes
  crashes=$(find "$work-artifacts" -type f | wc -l)
  say "$target: $crashes artifact(s) in $work-artifacts"
}

jobs=${FUZZ_JOBS:-1}
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait
