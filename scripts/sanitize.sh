#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer and UBSan in build-asan/
# and runs it (fuzz/README.md). Too slow for .ci/run; run it before a release
# or after touching the tree-sitter glue.
#
#   scripts/sanitize.sh [ctest args...]     e.g. scripts/sanitize.sh -R Hostile
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=${FANOUT_SANITIZE_BUILD_JOBS:-2}
if [ ! -f build-asan/CMakeCache.txt ]; then
  cmake -S . -B build-asan -DFANOUT_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# The lock keeps concurrent builds of the shared machine from oversubscribing it.
flock /tmp/fanout-build.lock cmake --build build-asan -j"$jobs"
# Leaks fail the run; UBSan already stops at the first report (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build-asan --output-on-failure -j2 "$@"
