#!/usr/bin/env bash
# Installs whatever is missing on a fresh Debian machine, then configures and
# builds fanout into build/. Debian packages are installed only when absent;
# the tree-sitter sources (and, with --tests, the test tools) come from pinned
# npm lockfiles with `npm ci --ignore-scripts`.
#
#   scripts/bootstrap.sh            build the fanout binary
#   scripts/bootstrap.sh --tests    also install test tools and build the tests
#   scripts/bootstrap.sh --bench    also install hyperfine for bench/run.sh
#   scripts/bootstrap.sh --fuzz     also install clang and libFuzzer (fuzz/README.md)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_tests=0
with_bench=0
with_fuzz=0
for arg in "$@"; do
  [ "$arg" = "--tests" ] && with_tests=1
  [ "$arg" = "--bench" ] && with_bench=1
  [ "$arg" = "--fuzz" ] && with_fuzz=1
done

packages=(g++ cmake make git libcli11-dev libfmt-dev nlohmann-json3-dev libxxhash-dev libjemalloc-dev)
if [ "$with_tests" = 1 ]; then
  packages+=(libgtest-dev pre-commit)
fi
if [ "$with_bench" = 1 ]; then
  packages+=(hyperfine)
fi
if [ "$with_fuzz" = 1 ]; then
  # libclang-rt-14-dev holds libclang_rt.fuzzer (clang -fsanitize=fuzzer).
  packages+=(clang libclang-rt-14-dev)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm_ci() {
  # npm ci is quick when nothing changed, and always matches the lockfile.
  (cd "$1" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
}
npm_ci third_party
if [ "$with_tests" = 1 ]; then
  for dir in tests/tools tests/node-fix tests/ts-fix tests/projects/*; do
    [ -f "$dir/package-lock.json" ] && npm_ci "$dir"
  done
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFANOUT_BUILD_TESTS="$([ "$with_tests" = 1 ] && echo ON || echo OFF)" >/dev/null
cmake --build build -j"$(nproc)"
