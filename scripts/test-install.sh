#!/usr/bin/env bash
# fanout from a real npm registry on a machine without a compiler:
#
#   scripts/test-install.sh RELEASE_DIR
#
# starts a private npm registry (verdaccio, pinned in scripts/install-test/)
# on 127.0.0.1 with its own storage, publishes the npm packages of
# RELEASE_DIR (made by scripts/release.sh from this tree) to it, then in a
# fresh minimal Debian root with Node, git and pre-commit but no compiler,
# CMake or -dev package runs scripts/release/install-flow.sh: `npm install -D
# fanout` into a sample project, `npx fanout check`, the husky + lint-staged
# hook, pre-commit's local hook and the repository's hook, and `fanout
# install-hook`, each blocking a fan-out and passing the fixed commit. Other
# npm packages (husky, lint-staged, npm itself) come through the registry from
# the machine's npm registry. The registry and the root are gone afterwards.
#
# With ARM64=1 the same flow also runs in an arm64 root under qemu (slow).
# Needs root and `scripts/bootstrap.sh --release`. Too slow for .ci/run
# (about 10 minutes); the README's Releasing section shows how to run it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
release="$(cd "${1:?usage: scripts/test-install.sh RELEASE_DIR}" && pwd)"
[ "$(id -u)" = 0 ] || { echo "test-install: needs root (chroot, mounts)" >&2; exit 2; }
# shellcheck source=release/roots.sh
. scripts/release/roots.sh
version="$(node scripts/release/version.mjs)"
npm_client="npm@10.9.2"  # the npm put in the root (Debian's npm package needs libnode-dev)

work="$(mktemp -d "${TMPDIR:-/tmp}/fanout-test-install.XXXXXX")"
registry_pid=""
cleanup() {
  local status=$?
  set +e
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null; fi
  for dir in "$work"/root-*; do [ -d "$dir" ] && roots_remove "$dir"; done
  roots_cleanup
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# --- the registry -------------------------------------------------------------------
(cd scripts/install-test && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
url="http://127.0.0.1:$port/"
upstream="$(npm config get registry)"
mkdir -p "$work/registry"
cat >"$work/registry/config.yaml" <<YAML
storage: $work/registry/storage
auth:
  htpasswd:
    file: $work/registry/htpasswd
    max_users: 1
uplinks:
  upstream:
    url: $upstream
packages:
  # fanout's own names are served only from here, never from upstream.
  'fanout':
    access: \$all
    publish: \$authenticated
  '@fanout/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    proxy: upstream
log: { type: stdout, format: pretty, level: warn }
YAML
node scripts/install-test/node_modules/verdaccio/bin/verdaccio --config "$work/registry/config.yaml" --listen "127.0.0.1:$port" \
  >"$work/registry/log" 2>&1 &
registry_pid=$!
for _ in $(seq 120); do
  curl -fs "$url-/ping" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "$url-/ping" >/dev/null || { echo "test-install: the registry did not start:" >&2; cat "$work/registry/log" >&2; exit 1; }
echo "== registry: verdaccio $(node -p 'require("./scripts/install-test/node_modules/verdaccio/package.json").version') on $url (pid $registry_pid), upstream $upstream"

token="$(curl -fs -X PUT -H 'content-type: application/json' "${url}-/user/org.couchdb.user:release-test" \
  -d '{"name":"release-test","password":"release-test-password"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')"
printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$url" "$port" "$token" >"$work/publish.npmrc"
published=()
for tarball in "$release"/fanout-cli-*-"$version".tgz "$release/fanout-$version.tgz"; do
  [ -f "$tarball" ] || { echo "test-install: $tarball is missing: run scripts/release.sh $release" >&2; exit 2; }
  npm publish --userconfig "$work/publish.npmrc" --registry "$url" "$tarball" >/dev/null 2>"$work/publish.log" ||
    { cat "$work/publish.log" >&2; exit 1; }
  published+=("$(basename "$tarball")")
done
echo "  ok    published ${published[*]}"

# The README's snippets, as written.
snippets="$work/snippets"
mkdir -p "$snippets"
block() { node scripts/release/readme-block.mjs "$@"; }
block json '"lint-staged"' >"$snippets/lint-staged.json"
{ echo '#!/bin/sh'; block sh '# .husky/pre-commit'; } >"$snippets/husky-pre-commit"
block yaml '# .pre-commit-config.yaml (local hook)' >"$snippets/pre-commit-local.yaml"
block yaml $'# .pre-commit-config.yaml\n' >"$snippets/pre-commit-remote.yaml"

# npm for the root, through the registry.
(cd "$work" && npm pack --silent --registry "$url" "$npm_client" >npm-pack.txt)
npm_tarball="$work/$(tail -1 "$work/npm-pack.txt")"

run_flow() {
  local name="$1" suite="$2" arch="$3" target="$4"
  local dir="$work/root-$name"
  echo "== $name: a fresh minimal Debian $suite ($arch) with Node, git and pre-commit from Debian"
  roots_fresh "$name" "$suite" "$arch" "$dir"
  roots_run "$dir" 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs git pre-commit ca-certificates >/dev/null 2>&1' ||
    { echo "test-install: apt-get in the root failed" >&2; return 1; }
  # Debian 12's apt itself links libxxhash0: hidden now that apt is done, so
  # that no copy of fanout's libraries is there to be found.
  roots_hide_libraries "$dir"
  mkdir -p "$dir/usr/local/lib/node_modules/npm" "$dir/usr/local/bin"
  tar -xzf "$npm_tarball" -C "$dir/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  printf 'registry=%s\nfund=false\naudit=false\nupdate-notifier=false\n' "$url" >"$dir/root/.npmrc"
  mkdir -p "$dir/opt/fanout-test/snippets" "$dir/opt/fanout-test/hooks"
  cp "$snippets"/* "$dir/opt/fanout-test/snippets/"
  cp .pre-commit-hooks.yaml package.json "$dir/opt/fanout-test/hooks/"
  cp scripts/release/install-flow.sh "$dir/opt/fanout-test/"
  roots_run "$dir" "VERSION=$version TARGET=$target SNIPPETS=/opt/fanout-test/snippets HOOKS_SRC=/opt/fanout-test/hooks \
    bash /opt/fanout-test/install-flow.sh"
  local status=$?
  roots_remove "$dir"
  return "$status"
}

status=0
run_flow bookworm-amd64 bookworm amd64 linux-x64 || status=1
if [ "${ARM64:-0}" = 1 ]; then
  roots_enable_arm64
  run_flow bookworm-arm64 bookworm arm64 linux-arm64 || status=1
fi
[ "$status" = 0 ] && echo "test-install: every check passed" || echo "test-install: some checks failed"
exit "$status"
