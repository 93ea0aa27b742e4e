#!/usr/bin/env bash
# Builds fanout and its tests with clang and libc++ (LLVM's C++ library, the
# one macOS uses) and runs every test, in build-libcxx/. The default build
# (scripts/bootstrap.sh, .ci/run) is g++ with libstdc++; this keeps the source
# portable to the other pair.
#
#   scripts/test-toolchains.sh [ctest arguments...]
#
# fmt is compiled in (Debian's libfmt is built against libstdc++) and
# GoogleTest is built from Debian's source package for the same reason.
# `scripts/bootstrap.sh --tests --release` installs what it needs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gtest_src="${GTEST_SOURCE_DIR:-/usr/src/googletest}"
[ -f "$gtest_src/CMakeLists.txt" ] || { echo "test-toolchains: no GoogleTest sources in $gtest_src (Debian: libgtest-dev)" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "test-toolchains: clang++ is missing (scripts/bootstrap.sh --release)" >&2; exit 2; }

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-libcxx -DCMAKE_BUILD_TYPE=Release -DFANOUT_BUILD_TESTS=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS=-stdlib=libc++ -DCMAKE_EXE_LINKER_FLAGS=-stdlib=libc++ \
  -DFANOUT_FMT_HEADER_ONLY=ON -DFANOUT_GTEST_SOURCE_DIR="$gtest_src" ${launcher[@]+"${launcher[@]}"} >/dev/null
cmake --build build-libcxx -j"$(nproc)"
# The binary itself links libc++, not libstdc++ (Debian's libjemalloc.so.2
# brings libstdc++ along for its own operator new; that is not fanout's code).
needed="$(readelf -dW build-libcxx/fanout | grep NEEDED)"
grep -q 'libc++.so' <<<"$needed" || { echo "test-toolchains: build-libcxx/fanout does not link libc++" >&2; exit 1; }
if grep -q 'libstdc++' <<<"$needed"; then echo "test-toolchains: build-libcxx/fanout links libstdc++" >&2; exit 1; fi
ctest --test-dir build-libcxx --output-on-failure -j2 "$@"
