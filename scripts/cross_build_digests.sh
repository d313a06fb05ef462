#!/usr/bin/env bash
# Determinism across builds (issue 9): builds holosim from the committed tree
# (HEAD, so nobody's uncommitted edits get in) with GCC -O0, GCC -O2,
# Clang -O0 and Clang -O2 in separate build directories under a work
# directory, runs every shipped scenario once with its own seed in each build
# (long scenarios shortened with --set duration=...), and prints a table of
# per-epoch trace digests, one row per scenario and one column per build.
# Exits 1 when any row differs between builds, 2 when a build fails.
#
# usage: scripts/cross_build_digests.sh [WORKDIR]   (default /tmp/holocron-xbuild)
# env:   HOLO_XBUILD_DURATION  duration for long scenarios (default 2m)
#        HOLO_XBUILD_JOBS      ninja -j (default 2; the machine is shared)
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/holocron-xbuild}
duration=${HOLO_XBUILD_DURATION:-2m}
jobs=${HOLO_XBUILD_JOBS:-2}
builds=(gcc-O0 gcc-O2 clang-O0 clang-O2)

rm -rf "$work/src"
mkdir -p "$work/src" "$work/out"
git -C "$repo" archive HEAD | tar -x -C "$work/src" || { echo "git archive failed" >&2; exit 2; }
commit=$(git -C "$repo" rev-parse --short HEAD)

for build in "${builds[@]}"; do
  compiler=${build%-*}
  level=${build#*-O}
  if [ "$compiler" = gcc ]; then cc=gcc cxx=g++; else cc=clang cxx=clang++; fi
  dir="$work/build-$build"
  if [ ! -f "$dir/build.ninja" ]; then
    # Warnings are not errors here: the point is the digests, and a newer
    # compiler's new warning should not hide them.
    (cd "$work/src" && CC=$cc CXX=$cxx meson setup "$dir" -Dbuildtype=plain \
       -Doptimization="$level" -Dwerror=false >"$work/out/setup-$build.log" 2>&1) ||
      { echo "meson setup failed for $build (see $work/out/setup-$build.log)" >&2; exit 2; }
  fi
  echo "building $build ..." >&2
  ninja -C "$dir" -j "$jobs" sim/cli/holosim >"$work/out/build-$build.log" 2>&1 ||
    { echo "build failed for $build (see $work/out/build-$build.log)" >&2; exit 2; }
done

# The trace footer (the last line) carries "digest":"sha256:<hex>".
trace_digest() {
  tail -n 1 "$1" | grep -o '"digest":"sha256:[0-9a-f]*"' | tail -n 1 | cut -d'"' -f4
}

printf '%-28s' "scenario (commit $commit)"
for build in "${builds[@]}"; do printf ' %-16s' "$build"; done
printf ' %s\n' "same"
differing=0
for scenario in "$work"/src/scenarios/*.json; do
  name=$(basename "$scenario" .json)
  [ "$name" = schema ] && continue
  row=()
  for build in "${builds[@]}"; do
    holosim="$work/build-$build/sim/cli/holosim"
    trace="$work/out/$name.$build.trace.jsonl"
    # Shortened first; a scenario whose faults lie beyond the shorter run
    # refuses it (exit 2), and then runs in full.
    "$holosim" run "$scenario" --quiet --set "duration=$duration" --trace "$trace" \
      >/dev/null 2>"$work/out/$name.$build.err"
    status=$?
    if [ "$status" -eq 2 ]; then
      "$holosim" run "$scenario" --quiet --trace "$trace" >/dev/null 2>"$work/out/$name.$build.err"
      status=$?
    fi
    if [ "$status" -gt 1 ]; then row+=("error-$status"); else row+=("$(trace_digest "$trace")"); fi
  done
  same=yes
  for digest in "${row[@]}"; do [ "$digest" = "${row[0]}" ] || same=NO; done
  case "${row[0]}" in error-*) same=NO ;; esac
  [ "$same" = yes ] || differing=$((differing + 1))
  printf '%-28s' "$name"
  # 16 hex digits identify a digest in the table; the traces keep all 64.
  for digest in "${row[@]}"; do printf ' %-16s' "${digest#sha256:}" | cut -c1-17 | tr -d '\n'; done
  printf ' %s\n' "$same"
done
if [ "$differing" -ne 0 ]; then
  echo "$differing scenario(s) give different digests across builds" >&2
  exit 1
fi
echo "all scenarios give identical digests in all ${#builds[@]} builds"
