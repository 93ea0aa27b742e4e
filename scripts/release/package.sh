#!/usr/bin/env bash
# Packs one built binary as the release artifacts of its target:
#
#   scripts/release/package.sh BINARY TARGET OUTDIR
#
# writes OUTDIR/fanout-<version>-<target>.tar.gz (a folder holding the binary
# and the README) and OUTDIR/fanout-cli-<target>-<version>.tgz (the npm package
# @fanout/cli-<target> from npm/cli-<target>/, by `npm pack`). TARGET is
# <os>-<arch> as Node names them: linux-x64, linux-arm64, darwin-x64,
# darwin-arm64. scripts/release.sh calls this for each target it builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

binary="${1:?usage: package.sh BINARY TARGET OUTDIR}"
target="${2:?usage: package.sh BINARY TARGET OUTDIR}"
outdir="${3:?usage: package.sh BINARY TARGET OUTDIR}"
version="$(node scripts/release/version.mjs)"
[ -d "npm/cli-$target" ] || { echo "package: unknown target $target (no npm/cli-$target)" >&2; exit 2; }
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# Archive dates and owners come from the commit, so a rebuild gives the same bytes.
epoch="$(git log -1 --format=%ct 2>/dev/null || echo 0)"

name="fanout-$version-$target"
mkdir -p "$stage/$name"
install -m 0755 "$binary" "$stage/$name/fanout"
cp README.md "$stage/$name/README.md"
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" --format=ustar -cf - "$name" |
    gzip -9n >"$outdir/$name.tar.gz"
else
  tar -C "$stage" -cf - "$name" | gzip -9n >"$outdir/$name.tar.gz"  # bsdtar on macOS
fi

cp -R "npm/cli-$target" "$stage/npm"
mkdir -p "$stage/npm/bin"
install -m 0755 "$binary" "$stage/npm/bin/fanout"
(cd "$stage/npm" && npm pack --silent --pack-destination "$outdir" >/dev/null)
echo "package: $outdir/$name.tar.gz, $outdir/fanout-cli-$target-$version.tgz" >&2
