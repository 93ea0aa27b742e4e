#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): puts the release binary of
# fanout for this runner on PATH, verified against the release's SHA256SUMS.
#
# Environment (GitHub sets the RUNNER_* and GITHUB_* ones):
#   FANOUT_VERSION       the version to install, e.g. 0.1.0 (required)
#   FANOUT_RELEASE_URL   where the release files are (default: the GitHub
#                        release of tag v$FANOUT_VERSION; file:// works, which
#                        scripts/test-action.sh uses with a local release folder)
#   FANOUT_INSTALL_DIR   where to put the binary (default: the runner's tool
#                        cache, which the action caches between runs)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE, GITHUB_PATH
set -euo pipefail

version="${FANOUT_VERSION:?FANOUT_VERSION is not set}"
case "${RUNNER_OS:-}" in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  *) echo "::error title=fanout::no fanout release binary for ${RUNNER_OS:-this runner}: Linux and macOS runners only (Windows is not supported yet)" >&2; exit 1 ;;
esac
case "${RUNNER_ARCH:-}" in
  X64) arch=x64 ;;
  ARM64) arch=arm64 ;;
  *) echo "::error title=fanout::no fanout release binary for ${RUNNER_ARCH:-this} processors: x64 and arm64 only" >&2; exit 1 ;;
esac
name="fanout-$version-$os-$arch"
dest="${FANOUT_INSTALL_DIR:-${RUNNER_TOOL_CACHE:?}/fanout/$version/$os-$arch}"

if [ -x "$dest/fanout" ] && "$dest/fanout" --version 2>/dev/null | grep -qF "$version"; then
  echo "fanout $version: $dest/fanout (cached)"
else
  base="${FANOUT_RELEASE_URL:-https://github.com/fanout-dev/fanout/releases/download/v$version}"
  tmp="$(mktemp -d "${RUNNER_TEMP:-/tmp}/fanout-install.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  curl -fsSL --retry 3 -o "$tmp/SHA256SUMS" "$base/SHA256SUMS"
  curl -fsSL --retry 3 -o "$tmp/$name.tar.gz" "$base/$name.tar.gz"
  expected="$(awk -v file="$name.tar.gz" '$2 == file || $2 == "*" file { print $1 }' "$tmp/SHA256SUMS")"
  if command -v sha256sum >/dev/null 2>&1; then
    actual="$(sha256sum "$tmp/$name.tar.gz" | cut -d' ' -f1)"
  else
    actual="$(shasum -a 256 "$tmp/$name.tar.gz" | cut -d' ' -f1)"
  fi
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    echo "::error title=fanout::$name.tar.gz does not match the release's SHA256SUMS (expected ${expected:-no entry}, got $actual); not installing it" >&2
    exit 1
  fi
  tar -xzf "$tmp/$name.tar.gz" -C "$tmp"
  mkdir -p "$dest"
  install -m 0755 "$tmp/$name/fanout" "$dest/fanout"
  echo "fanout $version: installed $dest/fanout (sha256 $actual)"
fi
echo "$dest" >>"${GITHUB_PATH:?}"
