#!/usr/bin/env bash
# The pre-commit hook's cost on a one-file commit, against the cheapest git
# process as the floor (issue 13: within 3x of `git --version`):
#   git --version                  the floor: starting one git process
#   fanout check --staged          what `fanout install-hook` and the
#                                  pre-commit framework's hook run
#   fanout check FILE              lint-staged's form (the file named directly)
# in a repository of FILES tracked files (default 2000) with one staged file.
# Prints the median wall time of RUNS runs (default 200) of each, and the
# ratios to the floor. Uses hyperfine when installed (scripts/bootstrap.sh
# --bench), else bash's own clock.
#
# Usage: bench/hook.sh [RUNS] [FILES]      FANOUT=path overrides build/fanout
# What users run is the release binary (static, what npm installs): build it
# with -DFANOUT_STATIC=ON (scripts/release.sh) and point FANOUT at it; the
# development build also loads six shared libraries at every start.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fanout="$(realpath "${FANOUT:-$here/../build/fanout}")"
runs="${1:-200}"
files="${2:-2000}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo/src"
cd "$repo"
export HOME="$work" GIT_CONFIG_NOSYSTEM=1
git init -q
git config user.email bench@example.com
git config user.name bench
for i in $(seq "$files"); do
  printf 'export function f%d(x) {\n  return x + %d;\n}\n' "$i" "$i" >"src/m$i.js"
done
git add -A && git commit -qm base
# The staged file: a realistic module that parses and passes (exit 0).
cat >src/jobs.js <<'EOF'
import pMap from "p-map";

export async function sendAll(users, mailer) {
  // Bounded: at most eight mails in flight.
  return pMap(users, (user) => mailer.send(user.email, render(user)), { concurrency: 8 });
}

export async function loadPair(id, db) {
  const [user, quota] = await Promise.all([db.user(id), db.quota(id)]);
  return { user, quota };
}

function render(user) {
  return `Hello ${user.name}, your plan is ${user.plan}.`;
}
EOF
git add src/jobs.js
"$fanout" check --staged >/dev/null
"$fanout" check src/jobs.js >/dev/null

# What `git commit` hands its hook (git --version ignores it).
export GIT_INDEX_FILE=.git/index
commands=("git --version" "$fanout check --staged" "$fanout check src/jobs.js")
labels=("git --version" "fanout check --staged" "fanout check FILE")

median_ms() {
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 10 --runs "$runs" --export-json "$work/h.json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$work/h.json"
    return
  fi
  local times=() start end
  read -r -a argv <<<"$1"
  for _ in $(seq 10); do "${argv[@]}" >/dev/null 2>&1 || true; done
  for _ in $(seq "$runs"); do
    start=$EPOCHREALTIME
    "${argv[@]}" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    times+=("$(( (${end/./} - ${start/./}) ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f\n", a[int((NR + 1) / 2)] / 1000 }'
}

echo "hook path, one staged file, $files tracked files, median of $runs runs ($(command -v hyperfine >/dev/null && echo hyperfine || echo 'bash clock')):"
floor=""
for i in "${!commands[@]}"; do
  ms=$(median_ms "${commands[$i]}")
  [ -z "$floor" ] && floor=$ms
  ratio=$(awk -v a="$ms" -v b="$floor" 'BEGIN { printf "%.1f", a / b }')
  printf '  %-24s %8s ms  %5sx git --version\n' "${labels[$i]}" "$ms" "$ratio"
done
