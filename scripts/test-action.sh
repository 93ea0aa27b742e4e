#!/usr/bin/env bash
# The GitHub Action (action.yml) run here as a runner would run it: its version
# step, scripts/action/install.sh against a release folder (file:// instead of
# the GitHub release), and scripts/action/check.sh in a pull request's checkout
# and on a push; then a tampered archive, which must be refused, and a Windows
# runner, which must get a clear error. Also checks that the workflow example
# uses this action at the current version.
#
#   scripts/test-action.sh RELEASE_DIR       a folder made by scripts/release.sh
#   scripts/test-action.sh --binary FILE     packs FILE as this machine's release first (ctest does, with build/fanout)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
version="$(node scripts/release/version.mjs)"
work="$(mktemp -d "${TMPDIR:-/tmp}/fanout-test-action.XXXXXX")"
trap 'rm -rf "$work"' EXIT

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) runner_os=Linux; runner_arch=X64; target=linux-x64 ;;
  Linux-aarch64) runner_os=Linux; runner_arch=ARM64; target=linux-arm64 ;;
  Darwin-arm64) runner_os=macOS; runner_arch=ARM64; target=darwin-arm64 ;;
  Darwin-x86_64) runner_os=macOS; runner_arch=X64; target=darwin-x64 ;;
  *) echo "test-action: no release target for this machine" >&2; exit 2 ;;
esac
if [ "${1:-}" = --binary ]; then
  release="$work/release"
  scripts/release/package.sh "${2:?--binary needs a file}" "$target" "$release" 2>/dev/null
  (cd "$release" && sha256sum -- *.tar.gz *.tgz >SHA256SUMS)
else
  release="$(cd "${1:?usage: scripts/test-action.sh RELEASE_DIR | --binary FILE}" && pwd)"
fi

failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }

# The action's steps as action.yml has them (python3-yaml comes with pre-commit).
python3 - "$repo/action.yml" "$work/steps" <<'PY'
import os, sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
os.makedirs(sys.argv[2])
assert action['runs']['using'] == 'composite', action['runs']
steps = action['runs']['steps']
open(os.path.join(sys.argv[2], 'version.sh'), 'w').write(steps[0]['run'])
uses = [s['uses'].split('@')[0] for s in steps if 'uses' in s]
assert uses == ['actions/cache', 'github/codeql-action/upload-sarif'], uses
runs = [s['run'] for s in steps if 'run' in s]
assert any('scripts/action/install.sh' in r for r in runs) and any('scripts/action/check.sh' in r for r in runs), runs
PY
[ $? = 0 ] && pass "action.yml: a composite action that caches, installs, checks and uploads SARIF"

# Runner environment.
export RUNNER_OS="$runner_os" RUNNER_ARCH="$runner_arch" RUNNER_TEMP="$work/temp" RUNNER_TOOL_CACHE="$work/toolcache"
export GITHUB_PATH="$work/github_path" GITHUB_OUTPUT="$work/github_output" GITHUB_ACTION_PATH="$repo"
mkdir -p "$RUNNER_TEMP" "$RUNNER_TOOL_CACHE"
: >"$GITHUB_PATH"

got="$(WANTED='' ACTION_PATH="$repo" GITHUB_OUTPUT="$work/version_output" bash "$work/steps/version.sh" && cat "$work/version_output")"
if [ "$got" = "version=$version" ]; then pass "version step: $version, from the action's CMakeLists.txt"; else fail "version step: $got"; fi

install() { FANOUT_VERSION="$version" FANOUT_RELEASE_URL="file://$1" "$repo/scripts/action/install.sh"; }
if out="$(install "$release" 2>&1)" && grep -q "installed" <<<"$out"; then pass "install.sh: $out"; else fail "install.sh: $out"; fi
bin_dir="$(tail -1 "$GITHUB_PATH")"
if [ "$("$bin_dir/fanout" --version)" = "fanout $version" ]; then pass "GITHUB_PATH names $bin_dir, whose fanout is $version"; else fail "GITHUB_PATH: $bin_dir"; fi
if out="$(install "$release" 2>&1)" && grep -q "(cached)" <<<"$out"; then pass "a second run uses the cached binary"; else fail "second run: $out"; fi

# A tampered archive is refused and installs nothing.
tampered="$work/tampered"
cp -R "$release" "$tampered"
archive="$tampered/fanout-$version-$target.tar.gz"
printf 'x' | dd of="$archive" bs=1 seek=100 conv=notrunc status=none
status=0
out="$(RUNNER_TOOL_CACHE="$work/toolcache2" install "$tampered" 2>&1)" || status=$?
if [ "$status" = 1 ] && grep -q "does not match the release's SHA256SUMS" <<<"$out" && [ ! -e "$work/toolcache2/fanout/$version" ]; then
  pass "a tampered archive is refused: ${out#::error title=fanout::}"
else
  fail "tampered archive: status $status, $out"
fi
status=0
out="$(RUNNER_OS=Windows install "$release" 2>&1)" || status=$?
if [ "$status" = 1 ] && grep -q "Windows is not supported yet" <<<"$out"; then pass "a Windows runner gets: ${out#::error title=fanout::}"; else fail "Windows runner: $out"; fi

# A pull request adding a fan-out to a repository that already has one.
export PATH="$bin_dir:$PATH"
fan_out='export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
'
origin="$work/origin"
mkdir -p "$origin/src" && cd "$origin"
git init -q -b main . && git config user.name 'Fan Out' && git config user.email fanout@example.com
printf '%s' "$fan_out" >src/old.js
git add . && git commit -q -m base
git clone -q "$origin" "$work/checkout" && cd "$work/checkout"
git config user.name 'Fan Out' && git config user.email fanout@example.com
git checkout -q -b pr && printf '%s' "$fan_out" >src/pr.js && git add . && git commit -q -m pr

check() { FANOUT_PATHS=. FANOUT_ARGS='' FANOUT_ANNOTATIONS=true "$repo/scripts/action/check.sh"; }
: >"$GITHUB_OUTPUT"
out="$(GITHUB_EVENT_NAME=pull_request GITHUB_BASE_REF=main FANOUT_SARIF="$RUNNER_TEMP/fanout.sarif" check 2>&1)"
if grep -q "::error file=src/pr.js,line=2" <<<"$out" && ! grep -q "::error file=src/old.js" <<<"$out" && grep -qx "status=1" "$GITHUB_OUTPUT"; then
  pass "pull request: annotates only the new fan-out (src/pr.js:2), status=1"
else
  fail "pull request: $out / $(cat "$GITHUB_OUTPUT")"
fi
if node -e '
  const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const uris = log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri).sort();
  if (log.version !== "2.1.0" || uris.join() !== "src/old.js,src/pr.js") process.exit(1);
' "$RUNNER_TEMP/fanout.sarif"; then pass "SARIF for code scanning: every finding (src/old.js, src/pr.js)"; else fail "SARIF: $(head -c 300 "$RUNNER_TEMP/fanout.sarif")"; fi

: >"$GITHUB_OUTPUT"
out="$(GITHUB_EVENT_NAME=push FANOUT_SARIF='' check 2>&1)"
if grep -q "::error file=src/old.js,line=2" <<<"$out" && grep -q "::error file=src/pr.js,line=2" <<<"$out" && grep -qx "status=1" "$GITHUB_OUTPUT"; then
  pass "push: annotates every finding, status=1"
else
  fail "push: $out"
fi
git rm -q src/old.js src/pr.js && git commit -q -m clean
: >"$GITHUB_OUTPUT"
out="$(GITHUB_EVENT_NAME=push FANOUT_SARIF="$RUNNER_TEMP/clean.sarif" check 2>&1)"
if grep -qx "status=0" "$GITHUB_OUTPUT" && [ -s "$RUNNER_TEMP/clean.sarif" ]; then pass "a clean repository: status=0"; else fail "clean: $out"; fi

# The workflow example uses this action at the version this tree releases.
cd "$repo"
if python3 - examples/github-actions/fanout.yml "$version" <<'PY'
import sys, yaml
flow = yaml.safe_load(open(sys.argv[1]))
job = next(iter(flow['jobs'].values()))
assert job['permissions']['security-events'] == 'write', job['permissions']
steps = job['steps']
assert steps[0]['uses'].startswith('actions/checkout@') and steps[0]['with']['fetch-depth'] == 0, steps[0]
assert steps[1]['uses'] == 'fanout-dev/fanout@v' + sys.argv[2], steps[1]
PY
then pass "examples/github-actions/fanout.yml uses fanout-dev/fanout@v$version with fetch-depth 0"; else fail "the workflow example"; fi

if [ "$failures" -gt 0 ]; then echo "test-action: $failures check(s) failed"; exit 1; fi
echo "test-action: every check passed"
