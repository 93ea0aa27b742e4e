#!/usr/bin/env bash
# The pre-filter's soundness check (bench/prefilter-soundness.sh) on a fuzz
# corpus: each input's header byte picks its grammar (fuzz/pipeline.cpp), so
# the byte is stripped and the text written as a .js, .ts or .tsx file, then
# the findings with and without `--no-prefilter` are compared, with and
# without `--strict`.
#
#   fuzz/prefilter-soundness.sh [CORPUS_DIR...]   (default: the seeds of fuzz/make_corpus.sh
#                                                  and build-fuzz/corpus/*, when present)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
dirs=("$@")
if [ "${#dirs[@]}" -eq 0 ]; then
  fuzz/make_corpus.sh "$tmp/seeds" >/dev/null
  dirs=("$tmp/seeds")
  for grown in build-fuzz/corpus/*/; do [ -d "$grown" ] && dirs+=("$grown"); done
fi
tree="$tmp/tree"
mkdir -p "$tree"
n=0
for dir in "${dirs[@]}"; do
  while IFS= read -r -d '' input; do
    [ -s "$input" ] || continue
    byte=$(head -c1 "$input" | od -An -tu1 | tr -d ' ')
    case $(( (byte & 3) % 3 )) in 0) ext=js ;; 1) ext=ts ;; *) ext=tsx ;; esac
    tail -c +2 "$input" >"$tree/input-$n.$ext"
    n=$((n + 1))
  done < <(find "$dir" -type f -print0)
done
echo "fuzz/prefilter-soundness.sh: $n inputs" >&2
bench/prefilter-soundness.sh "$tree"
bench/prefilter-soundness.sh "$tree" --strict
