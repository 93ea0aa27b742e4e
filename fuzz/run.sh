#!/usr/bin/env bash
# Builds the libFuzzer target in build-fuzz/ (clang, ASan + UBSan) and fuzzes
# the pipeline for SECONDS. See fuzz/README.md.
#
#   fuzz/run.sh SECONDS [LANG|all|each]
#     LANG: js, ts, tsx (one grammar), components (Vue, Svelte and Astro files,
#           the header byte picks), vue, svelte, astro, or flow (JavaScript
#           with the @flow pragma)
#     all (default): the header byte picks among js, ts, tsx and the components
#     each: js, ts, tsx, components, then flow, SECONDS each
#     git: not the pipeline but what --staged reads of a repository itself
#          (fuzz_git: the index, packs, HEAD's tree)
#
# Findings land in build-fuzz/artifacts/LANG/ (crash-*, leak-*, timeout-*,
# oom-*); the growing corpus is kept in build-fuzz/corpus/LANG/ between runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [js|ts|tsx|components|vue|svelte|astro|flow|all|each|git]}
lang=${2:-all}
case "$lang" in
  js | ts | tsx | components | vue | svelte | astro | flow | all | each | git) ;;
  *) echo "fuzz/run.sh: language must be js, ts, tsx, components, vue, svelte, astro, flow, all, each or git" >&2; exit 2 ;;
esac
target=fuzz_pipeline
seeder=fuzz/make_corpus.sh
options=(-max_len=65536 -dict="$PWD/fuzz/js.dict")
if [ "$lang" = git ]; then
  target=fuzz_git
  seeder=fuzz/make_git_seeds.sh
  options=(-max_len=262144)
fi
if [ "$lang" = each ]; then
  # One grammar after the other; the run fails if any of them found something.
  status=0
  for one in js ts tsx components flow; do "$0" "$seconds" "$one" || status=1; done
  exit "$status"
fi
jobs=${FANOUT_FUZZ_BUILD_JOBS:-2}

if [ ! -f build-fuzz/CMakeCache.txt ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DFANOUT_FUZZ=ON -DFANOUT_BUILD_TESTS=OFF \
    -DFANOUT_WERROR=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
else
  cmake -S . -B build-fuzz >/dev/null  # a target added since the last run needs its rules
fi
# The lock keeps concurrent builds of the shared machine from oversubscribing it.
flock /tmp/fanout-build.lock cmake --build build-fuzz -j"$jobs" --target "$target"

root=$PWD/build-fuzz
rm -rf "$root/seeds/$lang"
"$seeder" "$root/seeds/$lang"
mkdir -p "$root/corpus/$lang" "$root/artifacts/$lang" "$root/logs/$lang"

pinned=()
[ "$lang" != all ] && [ "$lang" != git ] && pinned=(env FANOUT_FUZZ_LANGUAGE="$lang")
# -jobs=1 runs the fuzzer in a child that logs to logs/LANG/fuzz-0.log and
# survives a crash report long enough to save the input.
cd "$root/logs/$lang"
status=0
"${pinned[@]}" "$root/fuzz/$target" \
  -jobs=1 -workers=1 -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 "${options[@]}" \
  -artifact_prefix="$root/artifacts/$lang/" -print_final_stats=1 \
  "$root/corpus/$lang" "$root/seeds/$lang" || status=$?
tail -n 30 fuzz-0.log
found=$(find "$root/artifacts/$lang" -type f | wc -l)
echo "fuzz/run.sh: $lang for ${seconds}s, exit $status, $found finding(s) in build-fuzz/artifacts/$lang/" >&2
[ "$status" -eq 0 ] && [ "$found" -eq 0 ]
