#!/usr/bin/env bash
# Builds every release artifact this machine can build into OUTDIR:
#
#   scripts/release.sh OUTDIR                    all targets buildable here, then --assemble
#   scripts/release.sh --target TARGET OUTDIR    one target (the release workflow's matrix)
#   scripts/release.sh --assemble OUTDIR         after the targets: launcher package, checksums, changelog
#
# Targets are <os>-<arch> as Node names them. On Linux x86-64 both Linux
# targets are built: linux-x64 natively and linux-arm64 with Debian's cross
# compiler (g++-aarch64-linux-gnu, libraries from scripts/release/target-libs.sh);
# on a Mac both macOS targets. For each target OUTDIR gets
#   fanout-<version>-<target>.tar.gz    the binary and the README
#   fanout-cli-<target>-<version>.tgz   the npm package @fanout/cli-<target>
# and --assemble adds
#   fanout-<version>.tgz                the npm package fanout (the launcher)
#   SHA256SUMS                          of every archive above
#   CHANGELOG-<version>.md              the release notes: CHANGELOG.md's entry
#
# The version comes from one place, `project(fanout VERSION ...)` in
# CMakeLists.txt; scripts/release/version.mjs writes it into the npm packages
# and the docs (`sync`) and this script refuses to release when anything
# disagrees (`check`). Each binary must print, on examples/, exactly the bytes
# the development build (build/fanout, made by scripts/bootstrap.sh) prints, in
# every format; the Linux binaries must be static (no interpreter, no needed
# libraries). The release workflow (.github/workflows/release.yml) runs this
# same script on tag push.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

targets=()
assemble=0
only_assemble=0
outdir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) targets+=("${2:?--target needs a value}"); shift 2 ;;
    --assemble) only_assemble=1; shift ;;
    -*) echo "release: unknown option $1" >&2; exit 2 ;;
    *) outdir="$1"; shift ;;
  esac
done
[ -n "$outdir" ] || { echo "usage: scripts/release.sh [--target TARGET | --assemble] OUTDIR" >&2; exit 2; }
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
work="$root/build-release"

host_os="$(uname -s)"
host_arch="$(uname -m)"
if [ "$only_assemble" = 0 ] && [ "${#targets[@]}" -eq 0 ]; then
  assemble=1
  case "$host_os-$host_arch" in
    Linux-x86_64) targets=(linux-x64 linux-arm64) ;;
    Linux-aarch64) targets=(linux-arm64) ;;
    Darwin-*) targets=(darwin-arm64 darwin-x64) ;;
    *) echo "release: no release target builds on $host_os $host_arch" >&2; exit 2 ;;
  esac
fi

log() { echo "release: $*" >&2; }

# The development build is the reference every release binary must match.
if [ "${#targets[@]}" -gt 0 ]; then
  boot=(--release)
  grep -q '^FANOUT_BUILD_TESTS:BOOL=ON' build/CMakeCache.txt 2>/dev/null && boot+=(--tests)  # keep a test build one
  scripts/bootstrap.sh "${boot[@]}"
fi
node scripts/release/version.mjs sync
node scripts/release/version.mjs check
version="$(node scripts/release/version.mjs)"
log "version $version"

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

# Prints the command that runs a binary built for TARGET here (empty when it
# runs as it is); fails when nothing here can run it.
runner_for() {
  case "$1-$host_os-$host_arch" in
    linux-x64-Linux-x86_64 | linux-arm64-Linux-aarch64 | darwin-arm64-Darwin-arm64 | darwin-x64-Darwin-x86_64) return 0 ;;
    linux-arm64-Linux-*) command -v qemu-aarch64-static >/dev/null 2>&1 && echo qemu-aarch64-static ;;
    darwin-x64-Darwin-arm64) arch -x86_64 /usr/bin/true 2>/dev/null && echo "arch -x86_64" ;;  # Rosetta
    *) return 1 ;;
  esac
}

build_target() {
  local target="$1" dir="$work/$1"
  local args=(-DCMAKE_BUILD_TYPE=Release -DFANOUT_STATIC=ON -DFANOUT_BUILD_TESTS=OFF ${launcher[@]+"${launcher[@]}"})
  case "$target" in
    linux-x64)
      [ "$host_os-$host_arch" = Linux-x86_64 ] || { log "linux-x64 builds on Linux x86-64 only"; return 1; } ;;
    linux-arm64)
      if [ "$host_arch" != aarch64 ]; then
        scripts/release/target-libs.sh arm64 "$work/arm64-libs"
        args+=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" -DFANOUT_CROSS_ROOT="$work/arm64-libs")
      fi ;;
    darwin-arm64|darwin-x64)
      [ "$host_os" = Darwin ] || { log "$target builds on macOS only"; return 1; }
      # jemalloc stays out on macOS: its replacement of the system malloc zone
      # is not tested here (README, Install). fmt and xxhash are compiled in.
      local arch=arm64; [ "$target" = darwin-x64 ] && arch=x86_64
      args+=(-DFANOUT_JEMALLOC=OFF -DCMAKE_OSX_ARCHITECTURES="$arch" -DCMAKE_OSX_DEPLOYMENT_TARGET=11.0
             -DCMAKE_PREFIX_PATH="$(brew --prefix)") ;;
    *) log "unknown target $target"; return 1 ;;
  esac
  log "building $target in $dir"
  cmake -S . -B "$dir" "${args[@]}" >/dev/null
  cmake --build "$dir" -j"$(getconf _NPROCESSORS_ONLN)" --target fanout >/dev/null
  local binary="$dir/fanout"

  # Self-contained: a static Linux binary has no program interpreter and needs
  # no shared library; a macOS one needs only the system's own.
  case "$target" in
    linux-*)
      if readelf -lW "$binary" | grep -q 'program interpreter' || readelf -dW "$binary" | grep -q '(NEEDED)'; then
        log "$target: $binary is not static:"; readelf -dW "$binary" | grep NEEDED >&2 || true; return 1
      fi ;;
    darwin-*)
      if otool -L "$binary" | tail -n +2 | grep -v -e '^\s*/usr/lib/' -e '^\s*/System/'; then
        log "$target: $binary links libraries outside the system"; return 1
      fi ;;
  esac

  local run
  if run="$(runner_for "$target")"; then
    local got; got="$(${run:+$run} "$binary" --version)"
    case "$got" in *"$version"*) ;; *) log "$target: --version says '$got', not $version"; return 1 ;; esac
    RUNNER="$run" scripts/release/examples-output.sh "$binary" "$outdir/.examples/$target"
    if [ -x build/fanout ]; then
      scripts/release/examples-output.sh build/fanout "$work/examples-dev"
      for out in "$work/examples-dev"/*.out; do
        cmp "$out" "$outdir/.examples/$target/$(basename "$out")" ||
          { log "$target: examples/ output differs from the development build's ($(basename "$out"))"; return 1; }
      done
      log "$target: examples/ output is byte-identical to build/fanout in every format"
    fi
  else
    log "$target: cannot run it here; not compared with the development build"
  fi
  scripts/release/package.sh "$binary" "$target" "$outdir"
  log "$target: $(wc -c <"$binary" | tr -d ' ') bytes"
}

for target in ${targets[@]+"${targets[@]}"}; do
  build_target "$target"
done

if [ "$assemble" = 1 ] || [ "$only_assemble" = 1 ]; then
  # The launcher package: its optionalDependencies name every platform package.
  (cd npm/fanout && npm pack --silent --pack-destination "$outdir" >/dev/null)

  # Binaries built on different machines must agree with each other as well.
  first=""
  for dir in "$outdir"/.examples/*/; do
    [ -d "$dir" ] || continue
    if [ -z "$first" ]; then first="$dir"; continue; fi
    for out in "$first"*.out; do
      cmp "$out" "$dir$(basename "$out")" ||
        { log "$(basename "$dir") and $(basename "$first") print different output on examples/"; exit 1; }
    done
  done

  awk -v v="$version" '
    /^## / { on = ($2 == v) }
    on { print }
  ' CHANGELOG.md >"$outdir/CHANGELOG-$version.md"
  [ -s "$outdir/CHANGELOG-$version.md" ] || { log "CHANGELOG.md has no entry for $version"; exit 1; }

  (cd "$outdir" && {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum -- *.tar.gz *.tgz; else shasum -a 256 -- *.tar.gz *.tgz; fi
  } >SHA256SUMS)
  log "artifacts in $outdir:"
  (cd "$outdir" && ls -l -- *.tar.gz *.tgz SHA256SUMS CHANGELOG-*.md) >&2
fi
