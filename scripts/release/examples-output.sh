#!/usr/bin/env bash
# Runs BINARY on examples/ in every output format and writes what it printed
# (stdout, and the exit status) to OUTDIR/<format>.out, from the folder that
# holds examples/ (default: the repository). Release builds must print the same
# bytes as the development build; scripts/release.sh and
# scripts/test-release.sh compare these files with `cmp`.
#
#   scripts/release/examples-output.sh BINARY OUTDIR [FOLDER]
#
# RUNNER, when set, is a command put before BINARY (qemu-aarch64-static, chroot).
set -euo pipefail
binary="${1:?usage: examples-output.sh BINARY OUTDIR [FOLDER]}"
outdir="${2:?usage: examples-output.sh BINARY OUTDIR [FOLDER]}"
folder="${3:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
read -r -a runner <<<"${RUNNER:-}"
cd "$folder"
# Every format the binary offers, as its --help lists them (one table in the code).
read -r -a formats <<<"$(${runner[@]+"${runner[@]}"} "$binary" check --help | sed -n 's/.*--format FORMAT:{\([^}]*\)}.*/\1/p' | tr , ' ')"
[ "${#formats[@]}" -gt 0 ] || { echo "examples-output.sh: no formats in $binary check --help" >&2; exit 1; }
printf '%s\n' "${formats[@]}" >"$outdir/formats"
for format in "${formats[@]}"; do
  status=0
  ${runner[@]+"${runner[@]}"} "$binary" check examples/ --format "$format" >"$outdir/$format.out" || status=$?
  echo "exit status $status" >>"$outdir/$format.out"
done
