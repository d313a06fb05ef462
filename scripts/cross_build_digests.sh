#!/usr/bin/env bash
# Determinism across builds (issue 9): builds holosim from the committed tree
# (HEAD, so nobody's uncommitted edits get in) with GCC -O0, GCC -O2,
# Clang -O0 and Clang -O2 in separate build directories under a work
# directory, runs every shipped scenario in full with its own seed in each
# build, and prints a table of per-epoch trace digests (one row per scenario,
# one column per build), then the same table of engine event digests, the
# seconds each build and each run took, and the wall time.
# Exits 1 when any row differs between builds, 2 when a build fails.
#
# usage: scripts/cross_build_digests.sh [WORKDIR]   (default /tmp/holocron-xbuild)
# env:   HOLO_XBUILD_DURATION  if set, run every scenario for this long instead
#                              (--set duration=...); a scenario that refuses the
#                              shorter run (a fault beyond its end) runs in full.
#                              Shorter runs can end before the faults begin.
#        HOLO_XBUILD_JOBS      ninja -j (default 2; the machine is shared)
#        HOLO_XBUILD_BUILDS    builds to compare (default "gcc-O0 gcc-O2 clang-O0 clang-O2")
set -uo pipefail

started=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/holocron-xbuild}
duration=${HOLO_XBUILD_DURATION:-}
jobs=${HOLO_XBUILD_JOBS:-2}
read -r -a builds <<<"${HOLO_XBUILD_BUILDS:-gcc-O0 gcc-O2 clang-O0 clang-O2}"

# The committed tree goes to $work/src. Only files whose contents changed are
# replaced, so that a second run (or one at a later commit) rebuilds only
# what changed instead of everything.
mkdir -p "$work/src" "$work/out"
rm -rf "$work/src.new"
mkdir -p "$work/src.new"
git -C "$repo" archive HEAD | tar -x -C "$work/src.new" || { echo "git archive failed" >&2; exit 2; }
(cd "$work/src.new" && find . -type f) | while read -r file; do
  if ! cmp -s "$work/src.new/$file" "$work/src/$file"; then
    mkdir -p "$(dirname "$work/src/$file")"
    cp "$work/src.new/$file" "$work/src/$file"
  fi
done
(cd "$work/src" && find . -type f) | while read -r file; do
  [ -e "$work/src.new/$file" ] || rm -f "$work/src/$file"
done
rm -rf "$work/src.new"
commit=$(git -C "$repo" rev-parse --short HEAD)

declare -A build_seconds
for build in "${builds[@]}"; do
  compiler=${build%-*}
  level=${build#*-O}
  case "$compiler" in
    gcc) cc=gcc cxx=g++ ;;
    clang) cc=clang cxx=clang++ ;;
    *) echo "unknown build $build (expected gcc-O<level> or clang-O<level>)" >&2; exit 2 ;;
  esac
  command -v "$cxx" >/dev/null || { echo "$cxx is not installed (apt-get install $compiler)" >&2; exit 2; }
  dir="$work/build-$build"
  build_started=$(date +%s)
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
  build_seconds[$build]=$(($(date +%s) - build_started))
done

# The trace footer (the last line) carries "digest":"sha256:<hex>" and
# "event_digest":"<16 hex>".
footer_field() {
  tail -n 1 "$1" | grep -o "\"$2\":\"[^\"]*\"" | tail -n 1 | cut -d'"' -f4
}

declare -A trace_digest event_digest run_seconds
scenarios=()
for scenario in "$work"/src/scenarios/*.json; do
  name=$(basename "$scenario" .json)
  [ "$name" = schema ] && continue
  scenarios+=("$name")
  for build in "${builds[@]}"; do
    holosim="$work/build-$build/sim/cli/holosim"
    trace="$work/out/$name.$build.trace.jsonl"
    run_started=$(date +%s.%N)
    status=2
    if [ -n "$duration" ]; then
      "$holosim" run "$scenario" --quiet --set "duration=$duration" --trace "$trace" \
        >/dev/null 2>"$work/out/$name.$build.err"
      status=$?
    fi
    if [ "$status" -eq 2 ]; then
      "$holosim" run "$scenario" --quiet --trace "$trace" >/dev/null 2>"$work/out/$name.$build.err"
      status=$?
    fi
    run_seconds[$name.$build]=$(echo "$(date +%s.%N) - $run_started" | bc)
    if [ "$status" -gt 1 ]; then
      trace_digest[$name.$build]=error-$status
      event_digest[$name.$build]=error-$status
    else
      trace_digest[$name.$build]=$(footer_field "$trace" digest)
      event_digest[$name.$build]=$(footer_field "$trace" event_digest)
    fi
  done
done

# print_table TITLE ARRAY: one row per scenario, one column per build, and
# whether the row agrees; returns the number of rows that do not.
print_table() {
  local title=$1 differing=0 name build value first same
  local -n cells=$2
  printf '%-28s' "$title"
  for build in "${builds[@]}"; do printf ' %-16s' "$build"; done
  printf ' %s\n' "same"
  for name in "${scenarios[@]}"; do
    printf '%-28s' "$name"
    first=${cells[$name.${builds[0]}]}
    same=yes
    case "$first" in error-* | "") same=NO ;; esac
    for build in "${builds[@]}"; do
      value=${cells[$name.$build]}
      [ "$value" = "$first" ] || same=NO
      # 16 hex digits identify a digest in the table; the traces keep all 64.
      value=${value#sha256:}
      printf ' %-16s' "${value:0:16}"
    done
    printf ' %s\n' "$same"
    [ "$same" = yes ] || differing=$((differing + 1))
  done
  return "$differing"
}

echo "commit $commit; every scenario ${duration:+shortened to $duration, else }in full, its own seed"
echo
print_table "trace digest" trace_digest
trace_differing=$?
echo
print_table "event digest" event_digest
event_differing=$?
echo
printf '%-28s' "seconds"
for build in "${builds[@]}"; do printf ' %-16s' "$build"; done
printf '\n%-28s' "build (holosim)"
for build in "${builds[@]}"; do printf ' %-16s' "${build_seconds[$build]}"; done
printf '\n'
for name in "${scenarios[@]}"; do
  printf '%-28s' "run $name"
  for build in "${builds[@]}"; do printf ' %-16.2f' "${run_seconds[$name.$build]}"; done
  printf '\n'
done
echo "wall time $(($(date +%s) - started)) s"
if [ "$trace_differing" -ne 0 ] || [ "$event_differing" -ne 0 ]; then
  echo "$trace_differing scenario(s) give different trace digests and $event_differing" \
    "different event digests across builds; holosim replay on one build's trace with" \
    "another build names the first record that differs" >&2
  exit 1
fi
echo "all ${#scenarios[@]} scenarios give identical trace and event digests in all ${#builds[@]} builds"
