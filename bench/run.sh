#!/usr/bin/env bash
# Measures fanout against its peers on the benchmark corpus, in one run on one
# machine: fanout cold (-j1, -j2, and -j64 for peak memory), warm (--cache,
# nothing changed) and on one small file (a pre-commit hook); `cat` of every
# file; ast-grep with the naive `Promise.all($A.map($$$))` rule, ESLint with
# one equivalent `no-restricted-syntax` rule (TypeScript files through
# typescript-eslint's parser), and oxlint's default run. Prints medians
# (hyperfine), ratios and peak RSS (/usr/bin/time -v).
#
# Usage: bench/run.sh [CORPUS_DIR]
#   CORPUS_DIR holds node_modules/ (default: bench/work/corpus, built with
#   ../shared/bench/make-corpus.sh when absent). FANOUT=path overrides
#   build/fanout; RUNS (default 3) and ESLINT_RUNS (default 1) set hyperfine runs.
# Needs: hyperfine (scripts/bootstrap.sh --bench), node + npm, python3.
# The machine should be quiet: the two cores are what is measured.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
fanout="$(realpath "${FANOUT:-$root/build/fanout}")"
runs="${RUNS:-3}"
eslint_runs="${ESLINT_RUNS:-1}"

corpus="${1:-$here/work/corpus}"
if [ ! -d "$corpus/node_modules" ]; then
  "$root/../shared/bench/make-corpus.sh" "$corpus" >&2
fi
corpus="$(cd "$corpus" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The peers, pinned in bench/package-lock.json; their native binaries come as
# platform packages (optionalDependencies), which --ignore-scripts still installs.
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
bin="$work/node_modules/.bin"
"$bin/ast-grep" --version >/dev/null
"$bin/oxlint" --version >/dev/null
"$bin/eslint" --version >/dev/null

cat > "$work/ast-grep.yml" <<'EOF'
id: naive-promise-all-js
language: JavaScript
severity: error
rule: { pattern: Promise.all($A.map($$$)) }
---
id: naive-promise-all-ts
language: TypeScript
severity: error
rule: { pattern: Promise.all($A.map($$$)) }
---
id: naive-promise-all-tsx
language: Tsx
severity: error
rule: { pattern: Promise.all($A.map($$$)) }
EOF
# The same rule over the same files fanout checks: espree reads the JavaScript,
# typescript-eslint's parser (without type information) the TypeScript.
cat > "$work/eslint.config.mjs" <<'EOF'
import tsParser from "@typescript-eslint/parser";

const rules = {
  "no-restricted-syntax": ["error", {
    selector: "CallExpression[callee.object.name='Promise'][callee.property.name='all'] > CallExpression.arguments[callee.property.name='map']",
    message: "Promise.all over .map",
  }],
};
export default [
  // The corpus is a node_modules folder, which ESLint skips by default.
  { ignores: ["!**/node_modules/"] },
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.jsx"], rules },
  { files: ["**/*.ts", "**/*.mts", "**/*.cts", "**/*.tsx"], languageOptions: { parser: tsParser }, rules },
];
EOF
small="$root/examples/orders-service/src/services/billing.ts"
cat > "$work/cat-all.sh" <<'EOF'
find node_modules -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' \
  -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) -print0 | xargs -0 cat > /dev/null
EOF

# name|command: run from the corpus folder, exit status ignored (findings exit 1).
cases=(
  "fanout -j2 (cold)|$fanout check -j2 --format compact node_modules"
  "fanout -j1 (cold)|$fanout check -j1 --format compact node_modules"
  "fanout -j64 (cold, memory)|$fanout check -j64 --format compact node_modules"
  "fanout -j2 --cache (warm)|$fanout check -j2 --format compact --cache --cache-location $work/fanoutcache node_modules"
  "cat every file|sh $work/cat-all.sh"
  "fanout one small file|$fanout check --format compact $small"
  "ast-grep -j2|$bin/ast-grep scan -j 2 --rule $work/ast-grep.yml node_modules"
  "oxlint -j2|$bin/oxlint --threads 2 node_modules"
  "ESLint --concurrency 2|$bin/eslint --concurrency 2 -c $work/eslint.config.mjs node_modules"
)

cd "$corpus"
echo "fanout bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, corpus $corpus" >&2
echo "  $(find node_modules -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d files, %.0f MB", n, b/1e6}')" >&2
i=0
for entry in "${cases[@]}"; do
  name="${entry%%|*}"
  cmd="${entry#*|}"
  n="$runs"
  [[ "$name" == ESLint* ]] && n="$eslint_runs"
  echo "$name: $cmd" >&2
  hyperfine --style basic -i --warmup "$([ "$n" = 1 ] && echo 0 || echo 1)" --runs "$n" \
    --export-json "$work/$i.json" -n "$name" "$cmd" >&2
  # Peak RSS of one more run.
  /usr/bin/time -v sh -c "$cmd > /dev/null 2>&1" 2> "$work/$i.time" || true
  i=$((i + 1))
done

python3 - "$work" "${#cases[@]}" <<'EOF'
import json, re, sys
work, count = sys.argv[1], int(sys.argv[2])
rows = []
for i in range(count):
    result = json.load(open(f"{work}/{i}.json"))["results"][0]
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{work}/{i}.time").read())
    rows.append((result["command"], result["median"], result["user"], int(rss.group(1)) / 1024 if rss else 0))
by = {name: median for name, median, _, _ in rows}
base = by["fanout -j2 (cold)"]
print(f"| {'what':<28} | {'median s':>9} | {'user s':>7} | {'× fanout -j2':>12} | {'peak RSS MB':>11} |")
print(f"|{'-' * 30}|{'-' * 11}|{'-' * 9}|{'-' * 14}|{'-' * 13}|")
for name, median, user, rss in rows:
    print(f"| {name:<28} | {median:>9.3f} | {user:>7.2f} | {median / base:>12.2f} | {rss:>11.0f} |")
print()
print("targets:")
def line(text, value, ok):
    print(f"  {text:<52} {value:>8.2f}  {'met' if ok else 'MISSED'}")
line("ast-grep -j2 / fanout -j2 (>= 4)", by["ast-grep -j2"] / base, by["ast-grep -j2"] / base >= 4)
line("ESLint / fanout -j2 (>= 40)", by["ESLint --concurrency 2"] / base, by["ESLint --concurrency 2"] / base >= 40)
line("fanout -j2 / oxlint -j2 (<= 1.5)", base / by["oxlint -j2"], base / by["oxlint -j2"] <= 1.5)
warm = by["fanout -j2 --cache (warm)"] / by["cat every file"]
line("fanout --cache warm / cat (<= 2)", warm, warm <= 2)
speedup = by["fanout -j1 (cold)"] / base
line("fanout -j1 / fanout -j2 (>= 1.8)", speedup, speedup >= 1.8)
peak = max(rss for name, _, _, rss in rows if name.startswith("fanout"))
line("fanout peak RSS MB (< 600)", peak, peak < 600)
small = by["fanout one small file"] * 1000
line("fanout one small file, ms (< 20)", small, small < 20)
EOF
