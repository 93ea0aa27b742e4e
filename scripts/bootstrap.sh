#!/usr/bin/env bash
# Installs whatever is missing on a fresh Debian machine (apt) or Mac
# (Homebrew), then configures and builds fanout into build/. System packages
# are installed only when absent; the tree-sitter sources (and, with --tests,
# the test tools) come from pinned npm lockfiles with `npm ci --ignore-scripts`.
#
#   scripts/bootstrap.sh            build the fanout binary
#   scripts/bootstrap.sh --tests    also install test tools and build the tests
#   scripts/bootstrap.sh --bench    also install hyperfine for bench/run.sh
#   scripts/bootstrap.sh --fuzz     also install clang and libFuzzer (fuzz/README.md)
#   scripts/bootstrap.sh --release  also install what scripts/release.sh and the
#                                   release tests need (cross compiler, qemu,
#                                   debootstrap, libc++; Debian only)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

with_tests=0
with_bench=0
with_fuzz=0
with_release=0
for arg in "$@"; do
  [ "$arg" = "--tests" ] && with_tests=1
  [ "$arg" = "--bench" ] && with_bench=1
  [ "$arg" = "--fuzz" ] && with_fuzz=1
  [ "$arg" = "--release" ] && with_release=1
done

cmake_args=()
if [ "$(uname -s)" = Darwin ]; then
  # Homebrew: the same libraries by their formula names. CMake finds them
  # under `brew --prefix` (/opt/homebrew on Apple silicon, /usr/local on Intel).
  if ! command -v brew >/dev/null 2>&1; then
    echo "bootstrap: install Homebrew first (https://brew.sh), then rerun this script" >&2
    exit 1
  fi
  formulae=(cmake cli11 fmt nlohmann-json xxhash jemalloc node)
  [ "$with_tests" = 1 ] && formulae+=(googletest pre-commit)
  [ "$with_bench" = 1 ] && formulae+=(hyperfine)
  [ "$with_fuzz" = 1 ] && formulae+=(llvm)
  installed="$(brew list --formula -1)"
  missing=()
  for formula in "${formulae[@]}"; do
    grep -qx "$formula" <<<"$installed" || missing+=("$formula")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "bootstrap: brew install ${missing[*]}" >&2
    brew install --quiet "${missing[@]}"
  fi
  cmake_args+=(-DCMAKE_PREFIX_PATH="$(brew --prefix)")
  jobs="$(sysctl -n hw.ncpu)"
else  # Debian and its derivatives: apt (until the matching `fi`)
  jobs="$(nproc)"

packages=(g++ cmake make git libcli11-dev libfmt-dev nlohmann-json3-dev libxxhash-dev libjemalloc-dev zlib1g-dev)
if [ "$with_tests" = 1 ]; then
  packages+=(libgtest-dev pre-commit neovim)
fi
if [ "$with_bench" = 1 ]; then
  packages+=(hyperfine)
fi
if [ "$with_fuzz" = 1 ]; then
  # libclang-rt-14-dev holds libclang_rt.fuzzer (clang -fsanitize=fuzzer).
  packages+=(clang libclang-rt-14-dev)
fi
if [ "$with_release" = 1 ]; then
  # The arm64 binary (cmake/toolchains/), run under qemu; minimal Debian roots
  # for scripts/test-release.sh; clang with libc++ for scripts/test-toolchains.sh.
  packages+=(g++-aarch64-linux-gnu qemu-user-static binutils debootstrap curl ca-certificates
             clang libc++-14-dev libc++abi-14-dev)
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
fi  # Debian

npm_ci() {
  # npm ci is quick when nothing changed, and always matches the lockfile.
  (cd "$1" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
}
npm_ci third_party
if [ "$with_tests" = 1 ]; then
  for dir in tests/tools tests/node-fix tests/ts-fix tests/projects/* tests/lsp editors/vscode; do
    [ -f "$dir/package-lock.json" ] && npm_ci "$dir"
  done
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DFANOUT_BUILD_TESTS="$([ "$with_tests" = 1 ] && echo ON || echo OFF)" \
  ${cmake_args[@]+"${cmake_args[@]}"} >/dev/null
cmake --build build -j"$jobs"
