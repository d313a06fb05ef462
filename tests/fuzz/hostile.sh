#!/usr/bin/env bash
# hostile.sh: feeds hostile scenario files and arguments to a built holosim and
# prints one Markdown table row per case: what it was, the exit code, how long
# it took and the first line holosim printed (control characters shown by
# `cat -v`, so that a hostile name cannot drive the reader's terminal).
# Expected for every case: a clear
# message and exit 2 (bad input), or a normal run; never a crash (134, 139, or
# a sanitizer report), an internal error (3) or a hang (killed at the timeout,
# 124).
#
#   tests/fuzz/hostile.sh [HOLOSIM]     (default: build-fuzz/sim/cli/holosim)
#
# The small cases live in tests/fuzz/hostile/; the large ones (a file over the
# size limit, deep nesting, huge strings) are generated into a temporary
# directory so that they do not bloat the repository.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
holosim=${1:-$top/build-fuzz/sim/cli/holosim}
limit_s=${HOSTILE_TIMEOUT_S:-60}
[ -x "$holosim" ] || { echo "no holosim at $holosim" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

python3 - "$scratch" <<'PY'
import sys
d = sys.argv[1]
open(d + "/too-large.json", "w").write('{"name": "x", "description": "' + "y" * (9 << 20) + '"}')
open(d + "/huge-string.json", "w").write('{"name": "' + "x" * 1000000 + '"}')
open(d + "/huge-array.json", "w").write('{"name": "x", "checks": {"enabled": [' + ",".join(['"S1"'] * 100000) + "]}}")
open(d + "/deeply-nested-arrays.json", "w").write('{"name": "x", "description": ' + "[" * 100000 + "]" * 100000 + "}")
open(d + "/deeply-nested-objects.json", "w").write('{"a":' * 5000 + "1" + "}" * 5000)
open(d + "/nested-65.json", "w").write('{"name": "x", "description": ' + "[" * 64 + "]" * 64 + "}")
PY
mkdir -p "$scratch/a-directory"
mkfifo "$scratch/a-fifo"

# row NAME ARGS...: runs holosim ARGS and prints the table row.
row() {
  local name=$1 start end status first
  shift
  start=$(date +%s%N)
  timeout "$limit_s" "$holosim" "$@" >"$scratch/out" 2>&1 </dev/null
  status=$?
  end=$(date +%s%N)
  first=$(grep -a -v '^\s*$' "$scratch/out" | head -n 1 | cut -c1-220 | cat -v | sed "s#$scratch/##g; s#$top/##g; s/|/\\\\|/g")
  printf '| %s | `%s` | %d | %d ms | %s |\n' "$name" "${1:-}" "$status" $(((end - start) / 1000000)) "$first"
}

echo '| case | command | exit | time | first line of output |'
echo '|---|---|---|---|---|'
for file in "$top"/tests/fuzz/hostile/*.json; do
  name=$(basename "$file" .json)
  row "$name" validate "$file"
  row "$name" run "$file"
done
for file in "$scratch"/*.json; do
  row "$(basename "$file" .json)" validate "$file"
done
row "directory" validate "$scratch/a-directory"
row "missing file" validate "$scratch/no-such-file.json"
row "fifo" validate "$scratch/a-fifo"
row "/dev/zero" validate /dev/zero
row "no file" run
row "unknown command" frobnicate
row "unknown option" run "$top/tests/fuzz/hostile/empty.json" --no-such-option
minimal=$scratch/minimal.json
echo '{"name": "minimal", "duration": "10s"}' >"$minimal"
row "--set index overflow" run "$minimal" --set 'faults.crashes.scheduled[99999999999999999999999]=1'
row "--set invalid UTF-8" run "$minimal" --set "$(printf 'name=\xff\xfe')"
row "--set nodes=-1" run "$minimal" --set cluster.nodes=-1
row "--set empty path" run "$minimal" --set '=1'
row "--set not an assignment" run "$minimal" --set 'cluster.nodes'
row "--set deep value" run "$minimal" --set "description=$(printf '[%.0s' $(seq 1 5000))$(printf ']%.0s' $(seq 1 5000))"
row "--set huge number" run "$minimal" --set 'cluster.nodes=1e999'
row "seed overflow" run "$minimal" --seed 99999999999999999999999
row "negative seed" run "$minimal" --seed -1
