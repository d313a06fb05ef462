#!/usr/bin/env bash
# update_corpus.sh TARGET [MAX_FILES]: folds the working corpus that run.sh
# grew (build-fuzz/fuzz-work/TARGET/) into the checked-in corpus
# (tests/fuzz/corpus/TARGET/), keeping it small and green:
#   1. libFuzzer -merge=1 keeps only inputs that add coverage;
#   2. if that is more than MAX_FILES (default 100), an evenly spaced sample by
#      size is kept (small and large inputs both survive);
#   3. every kept input is run once with nothing avoided (HOLO_FUZZ_AVOID
#      unset); one that fails is a finding, and is left out of the corpus
#      (put it in tests/fuzz/findings/ by hand).
# Files are named by their SHA-1, as libFuzzer names them. Files with other
# names (hand-written seeds, fixed findings such as F7-*) are kept as they are.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
target=$1
max_files=${2:-100}
binary=build-fuzz/tests/fuzz/fuzz_$target
corpus=tests/fuzz/corpus/$target
work=build-fuzz/fuzz-work/$target
[ -x "$binary" ] || { echo "no $binary: run tests/fuzz/run.sh first" >&2; exit 2; }
merged=$(mktemp -d)
trap 'rm -rf "$merged"' EXIT
unset HOLO_FUZZ_AVOID
"$binary" -merge=1 -timeout=10 -rss_limit_mb=2048 "$merged" "$corpus" "$work" >/dev/null 2>&1 || true
mapfile -t files < <(find "$merged" -type f -printf '%s %p\n' | sort -n | cut -d' ' -f2-)
count=${#files[@]}
keep=()
if [ "$count" -le "$max_files" ]; then
  keep=("${files[@]}")
else
  for ((i = 0; i < max_files; i++)); do keep+=("${files[$((i * count / max_files))]}"); done
fi
find "$corpus" -type f -regextype posix-extended -regex '.*/[0-9a-f]{40}' -delete
kept=0 failed=0
named=$(find "$corpus" -type f -exec sha1sum {} + | cut -d' ' -f1)
for file in "${keep[@]}"; do
  grep -q "$(sha1sum "$file" | cut -d' ' -f1)" <<<"$named" && continue
  if timeout 60 "$binary" -runs=1 "$file" >/dev/null 2>&1; then
    cp "$file" "$corpus/"
    kept=$((kept + 1))
  else
    echo "fails without avoidance (a finding, not kept): $file" >&2
    cp "$file" "build-fuzz/fuzz-work/$target-artifacts/" 2>/dev/null || true
    failed=$((failed + 1))
  fi
done
echo "$target: $count inputs after merge, kept $kept, left out $failed failing"
