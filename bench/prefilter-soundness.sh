#!/usr/bin/env bash
# The pre-filter must never hide a finding: checks a tree (default: the bench
# corpus) with and without `--no-prefilter` and compares the findings.
# Parse-error notes are left out: they exist only for files that were parsed.
# Usage: bench/prefilter-soundness.sh [PATH] [extra fanout flags...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fanout="${FANOUT:-$here/../build/fanout}"
target="${1:-$here/work/corpus/node_modules}"
shift || true
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
findings() {
  "$fanout" check --format compact -j2 "$@" "$target" | grep -v '\[parse-error\]$' | grep -v '\[skipped-file\]$' || true
}
findings "$@" > "$tmp/with"
findings --no-prefilter "$@" > "$tmp/without"
if ! diff -u "$tmp/without" "$tmp/with"; then
  echo "prefilter-soundness: findings differ on $target (above: - without the pre-filter, + with it)" >&2
  exit 1
fi
echo "prefilter-soundness: $(grep -c . "$tmp/with" || true) findings, identical with and without the pre-filter on $target"
