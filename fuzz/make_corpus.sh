#!/usr/bin/env bash
# Builds the fuzzer's seed corpus from the project's own JS/TS inputs (rule
# fixtures, fix goldens, examples, tests/regress, and the large shapes of
# fuzz/shapes.sh) into OUT_DIR. Nothing is
# committed as a copy: the seeds always follow the fixtures.
#
#   fuzz/make_corpus.sh OUT_DIR
#
# Each seed is one header byte (fuzz/pipeline.cpp: bits 0-1 grammar or
# component kind, bit 2 --strict, bit 3 pre-filter, bits 4-6 a row of
# kFixStyles, bit 7 a component) followed by the file. Flow fixtures are .js
# files with the pragma: the header byte reads them as JavaScript.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=${1:?usage: fuzz/make_corpus.sh OUT_DIR}
mkdir -p "$out"

language_bits() {
  case "$1" in
    *.tsx) echo 2 ;;
    *.ts | *.mts | *.cts) echo 1 ;;
    *.vue) echo 128 ;;
    *.svelte) echo 129 ;;
    *.astro) echo 130 ;;
    *) echo 0 ;;
  esac
}

n=0
while IFS= read -r -d '' file; do
  lang=$(language_bits "$file")
  # Every fix style once per file, --strict on every other one: the seeds then
  # reach each rewrite without waiting for a mutation of the header byte.
  for style in 0 1 2 3 4; do
    byte=$(( lang | ((n % 2) << 2) | (style << 4) ))
    { printf "\\$(printf '%03o' "$byte")"; cat "$file"; } >"$out/seed-$(printf '%04d' "$n")-$style"
  done
  n=$((n + 1))
done < <(find rules tests examples -type f \
  \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' \
     -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \
     -o -name '*.vue' -o -name '*.svelte' -o -name '*.astro' \) \
  -not -path '*/node_modules/*' -print0 | sort -z)

# The large shapes that were once quadratic (fuzz/shapes.sh) at scale 1 (up
# to 32 KB: 4 000 statements, a 2.6 KB line, a wrapped module), with every fix
# style; larger ones take over the 10 s timeout under the sanitizers, so the
# fuzzer grows these itself, up to run.sh's -max_len.
shapes=$(mktemp -d)
trap 'rm -rf "$shapes"' EXIT
for scale in 1; do
  fuzz/shapes.sh "$shapes/$scale" "$scale"
  for file in "$shapes/$scale"/*; do
    lang=$(language_bits "$file")
    for style in 0 1 2 3 4; do
      byte=$(( lang | (style << 4) ))
      { printf "\\$(printf '%03o' "$byte")"; cat "$file"; } >"$out/shape-$scale-$(basename "$file")-$style"
    done
  done
done

# Regression inputs are stored with their header byte already.
if [ -d tests/regress ]; then
  find tests/regress -type f -not -name '*.md' -exec cp {} "$out/" \;
fi
echo "fuzz: $n seed files, $(find "$out" -type f | wc -l) corpus entries in $out" >&2
