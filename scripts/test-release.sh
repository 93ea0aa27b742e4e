#!/usr/bin/env bash
# The release binaries on minimal systems: each Linux binary in RELEASE_DIR
# (made by scripts/release.sh) runs in fresh minimal Debian roots that have no
# compiler, none of fanout's libraries and no git, and must print on examples/
# exactly the bytes the development build (build/fanout) prints, in every
# format; without git it must say it walked without .gitignore rules, and with
# git (installed afterwards) it must honour them.
#
#   scripts/test-release.sh RELEASE_DIR
#
# Roots: Debian bookworm (12) and bullseye (11) for x86-64, natively, and
# bookworm for arm64, under qemu-user-static (binfmt_misc). Needs root, the
# network to Debian's mirror the first time (debootstrap; the roots are then
# cached, see scripts/release/roots.sh) and `scripts/bootstrap.sh --release`.
# Too slow for .ci/run (about 10 minutes; the first run adds the debootstraps);
# the README's Releasing section shows how to run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
release="$(cd "${1:?usage: scripts/test-release.sh RELEASE_DIR}" && pwd)"
[ "$(id -u)" = 0 ] || { echo "test-release: needs root (chroot, mounts)" >&2; exit 2; }
[ -x build/fanout ] || { echo "test-release: build/fanout is missing: run scripts/bootstrap.sh" >&2; exit 2; }
# shellcheck source=release/roots.sh
. scripts/release/roots.sh

version="$(node scripts/release/version.mjs)"
work="$(mktemp -d "${TMPDIR:-/tmp}/fanout-test-release.XXXXXX")"
cleanup() {
  local status=$?
  set +e
  for dir in "$work"/root-*; do [ -d "$dir" ] && roots_remove "$dir"; done
  roots_cleanup
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }

# The reference: the development build on a copy of examples/ at a path that
# exists in the roots too.
compare="$work/compare"
mkdir -p "$compare"
cp -R examples "$compare/examples"
scripts/release/examples-output.sh "$repo/build/fanout" "$work/expected" "$compare"

# A repository whose .gitignore hides a fan-out: git's walk skips it, the
# plain walk (no git) checks it and says so.
ignored="$work/ignored"
mkdir -p "$ignored/src"
printf 'export async function run(items) {\n  await Promise.all(items.map(async (x) => work(x)));\n}\n' >"$ignored/src/generated.js"
printf 'export const ok = 1;\n' >"$ignored/src/main.js"
printf 'src/generated.js\n' >"$ignored/.gitignore"

check_root() {
  local name="$1" suite="$2" arch="$3" target="$4"
  local dir="$work/root-$name"
  echo "== $name: fanout-$version-$target in a fresh minimal Debian $suite ($arch)"
  roots_fresh "$name" "$suite" "$arch" "$dir"
  tar -xzf "$release/fanout-$version-$target.tar.gz" -C "$dir/opt"
  local bin="/opt/fanout-$version-$target/fanout"
  mkdir -p "$dir$compare" "$dir$work/ignored"
  cp -R "$compare/examples" "$dir$compare/"
  cp -R "$ignored/." "$dir$work/ignored/"

  # What the root lacks: a compiler, CMake, any -dev package, the libraries, git.
  # (apt links libxxhash0 since Debian 12: hidden while fanout runs.)
  roots_hide_libraries "$dir"
  local lacks
  lacks="$(roots_run "$dir" '
    for tool in cc gcc g++ c++ clang cmake make git; do command -v "$tool" >/dev/null && echo "has $tool"; done
    dpkg-query -W -f="\${Package}\n" | grep -e "-dev\$" | sed "s/^/has /"
    ls /usr/lib/*/libfmt.so* /usr/lib/*/libjemalloc.so* /usr/lib/*/libxxhash.so* 2>/dev/null | grep -v hidden-by-fanout-test | sed "s/^/has /"
    true')"
  if [ -z "$lacks" ]; then pass "no compiler, CMake, make, -dev package, fmt, jemalloc, xxhash or git in the root"; else fail "the root is not minimal: $lacks"; fi
  local glibc; glibc="$(roots_run "$dir" 'ldd --version 2>/dev/null | head -1' || true)"
  echo "        root: $(roots_run "$dir" '. /etc/os-release; echo $PRETTY_NAME'), ${glibc:-no ldd}"

  local got; got="$(roots_run "$dir" "$bin --version")"
  if [ "$got" = "fanout $version" ]; then pass "--version: $got"; else fail "--version printed '$got'"; fi

  # examples/ in every format, from the same absolute folder as the reference.
  local formats=0 same=0
  local format_list; read -r -a format_list <<<"$(tr '\n' ' ' <"$work/expected/formats")"
  for format in "${format_list[@]}"; do
    formats=$((formats + 1))
    local status=0
    roots_run "$dir" "cd $compare && $bin check examples/ --format $format" >"$work/$name-$format.out" 2>"$work/$name-$format.err" || status=$?
    echo "exit status $status" >>"$work/$name-$format.out"
    if cmp -s "$work/expected/$format.out" "$work/$name-$format.out"; then same=$((same + 1)); else
      fail "--format $format differs from build/fanout:"; diff "$work/expected/$format.out" "$work/$name-$format.out" | head -5
    fi
  done
  [ "$same" = "$formats" ] && pass "examples/: byte-identical to build/fanout in all $formats formats (stdout and exit status)"
  if grep -q "git is not installed" "$work/$name-text.err"; then pass "without git: the note on stderr: $(cat "$work/$name-text.err")"; else
    fail "without git: no note on stderr"; fi

  # Without git the .gitignore'd fan-out is checked (plain walk); with git it is not.
  local plain; plain="$(roots_run "$dir" "cd $work/ignored && $bin check --format compact . 2>&1; echo status \$?")"
  if grep -q "src/generated.js:2:9" <<<"$plain" && grep -q "status 1" <<<"$plain"; then pass "without git: the plain walk checks src/generated.js"; else
    fail "without git: $plain"; fi

  if [ "${WITH_GIT:-1}" = 1 ]; then
    roots_unhide_libraries "$dir"
    roots_run "$dir" 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git >/dev/null' ||
      { fail "could not install git in the root"; return; }
    local with_git; with_git="$(roots_run "$dir" "cd $work/ignored && git init -q . && $bin check --format compact . 2>&1; echo status \$?")"
    if grep -q "status 0" <<<"$with_git" && ! grep -q "generated.js" <<<"$with_git" && ! grep -q "git is not installed" <<<"$with_git"; then
      pass "with git ($(roots_run "$dir" 'git --version')): .gitignore honoured, no note"
    else
      fail "with git: $with_git"
    fi
    local status=0
    roots_run "$dir" "cd $compare && $bin check examples/" >"$work/$name-git.out" 2>/dev/null || status=$?
    echo "exit status $status" >>"$work/$name-git.out"
    if cmp -s "$work/expected/text.out" "$work/$name-git.out"; then pass "with git: examples/ still byte-identical"; else fail "with git: examples/ output differs"; fi
  fi
  roots_remove "$dir"
}

for target in linux-x64 linux-arm64; do
  [ -f "$release/fanout-$version-$target.tar.gz" ] || { echo "test-release: $release has no fanout-$version-$target.tar.gz" >&2; exit 2; }
done
check_root bookworm-amd64 bookworm amd64 linux-x64
check_root bullseye-amd64 bullseye amd64 linux-x64
roots_enable_arm64
check_root bookworm-arm64 bookworm arm64 linux-arm64

if [ "$failures" -gt 0 ]; then
  echo "test-release: $failures check(s) failed"
  exit 1
fi
echo "test-release: every check passed"
