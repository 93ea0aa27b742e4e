#!/usr/bin/env bash
# Writes the seeds of fuzz_git into DIR: small repositories in the layouts
# --staged reads (loose and packed objects, offset and reference deltas,
# index versions 2 and 4, a cache tree, a conflict), each as one input:
# HEAD's id, the index and the pack index (each after its length, 4 bytes
# little-endian), then the pack.
set -euo pipefail
out=${1:?usage: fuzz/make_git_seeds.sh DIR}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
g() { git -C "$repo" -c user.name=fuzz -c user.email=fuzz@example.com "$@"; }

le32() { local n=$1; printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((n & 255)) $((n >> 8 & 255)) $((n >> 16 & 255)) $((n >> 24 & 255)))"; }
hex_bytes() { printf "$(sed 's/../\\x&/g' <<<"$1")"; }

seed() {  # NAME: the repository's state as one input
  local index="$repo/.git/index" idx pack
  idx=$(ls "$repo"/.git/objects/pack/*.idx | head -n 1)
  pack=${idx%.idx}.pack
  {
    hex_bytes "$(g rev-parse HEAD)"
    le32 "$(stat -c %s "$index")"; cat "$index"
    le32 "$(stat -c %s "$idx")"; cat "$idx"
    cat "$pack"
  } >"$out/$1"
}

history() {  # a few commits of a growing file in nested folders
  repo=$work/$1
  git init -q "$repo"
  local text=""
  for i in 1 2 3 4 5 6; do
    text+="export const v$i = $i;"$'\n'
    mkdir -p "$repo/src/lib/deep"
    printf '%s' "$text" >"$repo/src/lib/values.js"
    printf '%s// %s\n' "$text" "$i" >"$repo/src/lib/deep/more.ts"
    printf 'x%s\n' "$i" >"$repo/README.md"
    g add -A && g commit -q -m "c$i"
  done
}

history offset && g repack -a -d -f -q --depth=10 && printf 'changed\n' >"$repo/src/lib/values.js" && g add -A && seed offset
history reference && g -c repack.useDeltaBaseOffset=false repack -a -d -f -q && mkdir -p "$repo/new" && printf '1;\n' >"$repo/new/a.js" && g add -A && seed reference
history version4 && g repack -a -d -q && g update-index --index-version 4 && g mv src/lib/values.js src/renamed.js && seed version4
history clean && g repack -a -d -q && seed clean
history conflict && g checkout -q -b other && printf 'other\n' >"$repo/README.md" && g commit -q -am other && g checkout -q - \
  && printf 'main\n' >"$repo/README.md" && g commit -q -am main && { g merge -q other >/dev/null 2>&1 || true; } && g repack -a -d -q && seed conflict
printf 'fuzz/make_git_seeds.sh: %s seeds in %s\n' "$(ls "$out" | wc -l)" "$out" >&2
