#!/usr/bin/env bash
# Runs inside the minimal root of scripts/test-install.sh, as a user would on
# a machine with Node, git and pre-commit but no compiler: installs fanout from
# the registry in ~/.npmrc into a sample project, then `npx fanout check`, the
# husky + lint-staged hook, pre-commit's local hook, pre-commit's hook from the
# repository (.pre-commit-hooks.yaml) and `fanout install-hook`; each must block
# a commit with a fan-out and pass the fixed one. The README's snippets come in
# $SNIPPETS (written by test-install.sh from the README as it is).
#
# Environment: VERSION, TARGET (linux-x64 or linux-arm64), SNIPPETS, HOOKS_SRC
# (this tree's .pre-commit-hooks.yaml and package.json).
set -uo pipefail

failures=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; failures=$((failures + 1)); }
indent() { sed 's/^/        /'; }

fan_out='export async function run(items) {
  await Promise.all(items.map(async (x) => work(x)));
}
'
fixed='export async function run(items) {
  for (const x of items) await work(x);
}
'

commits() { git rev-list --count HEAD 2>/dev/null || echo 0; }

# expect_blocked_until_fixed HOW FILE: a fan-out in FILE blocks `git commit`
# (the hook names the rule), the fixed file then commits.
expect_blocked_until_fixed() {
  local how="$1" file="$2" before out status
  before="$(commits)"
  mkdir -p "$(dirname "$file")"
  printf '%s' "$fan_out" >"$file"
  out="$(git add -- "$file" && git commit -q -m "fan-out in $file" 2>&1)"; status=$?
  if [ "$status" -ne 0 ] && grep -q "unbounded-promise-all" <<<"$out" && [ "$(commits)" = "$before" ]; then
    pass "$how: the fan-out in $file blocks the commit"
  else
    fail "$how: the fan-out in $file was not blocked (status $status)"; indent <<<"$out"
  fi
  printf '%s' "$fixed" >"$file"
  out="$(git add -- "$file" && git commit -q -m "fixed $file" 2>&1)"; status=$?
  if [ "$status" -eq 0 ] && [ "$(commits)" = "$((before + 1))" ]; then
    pass "$how: the fixed $file commits"
  else
    fail "$how: the fixed $file did not commit (status $status)"; indent <<<"$out"
  fi
}

echo "== the root: $(. /etc/os-release; echo "$PRETTY_NAME"), $(uname -m); node $(node --version), npm $(npm --version), $(git --version), pre-commit $(pre-commit --version | cut -d' ' -f2)"
present=""
for tool in cc gcc g++ c++ clang clang++ cmake; do command -v "$tool" >/dev/null && present+=" $tool"; done
dev="$(dpkg-query -W -f='${Package}\n' | grep -e '-dev$' -e '-dev:' | tr '\n' ' ')"
libs="$(ls /usr/lib/*/libfmt.so* /usr/lib/*/libjemalloc.so* /usr/lib/*/libxxhash.so* 2>/dev/null | grep -v hidden-by-fanout-test | tr '\n' ' ')"
if [ -z "$present$dev$libs" ]; then pass "no compiler, no CMake, no -dev package, no fmt, jemalloc or xxhash library"; else
  fail "not a machine without a compiler:$present $dev $libs"; fi
# Debian's pre-commit brings make (its nodeenv depends on it): a build tool, not a compiler.
command -v make >/dev/null && echo "        (make is installed: Debian's nodeenv, which pre-commit needs, depends on it)"

git config --global user.name 'Fan Out'
git config --global user.email fanout@example.com
git config --global init.defaultBranch main
git config --global advice.detachedHead false

app=/home/app
rm -rf "$app" && mkdir -p "$app" && cd "$app" || exit 1
git init -q .
npm init -y >/dev/null
printf 'node_modules/\n' >.gitignore

# --- npm install -D fanout ------------------------------------------------------
if out="$(npm install -D fanout 2>&1)"; then pass "npm install -D fanout"; else fail "npm install -D fanout"; indent <<<"$out"; fi
platform="node_modules/@fanout/cli-$TARGET/bin/fanout"
if [ -x "$platform" ]; then pass "the platform package @fanout/cli-$TARGET is installed ($(wc -c <"$platform") bytes)"; else fail "$platform is missing"; ls -R node_modules/@fanout 2>&1 | indent; fi
others="$(ls node_modules/@fanout 2>/dev/null | grep -v "^cli-$TARGET\$" | tr '\n' ' ')"
if [ -z "$others" ]; then pass "no other platform's package was installed"; else fail "other platforms' packages installed: $others"; fi
got="$(npx fanout --version 2>&1)"
if [ "$got" = "fanout $VERSION" ]; then pass "npx fanout --version: $got"; else fail "npx fanout --version: $got"; fi
node -e "const b = require('fanout').binaryPath(); if (!b.endsWith('@fanout/cli-$TARGET/bin/fanout')) process.exit(1)" &&
  pass "require('fanout').binaryPath() names the platform binary" || fail "require('fanout').binaryPath()"

# --- npx fanout check -------------------------------------------------------------
mkdir -p src
printf '%s' "$fixed" >src/clean.js
out="$(npx fanout check 2>&1)"; status=$?
if [ "$status" -eq 0 ]; then pass "npx fanout check: a clean project passes"; else fail "npx fanout check on a clean project: status $status"; indent <<<"$out"; fi
printf '%s' "$fan_out" >src/jobs.ts
out="$(npx fanout check 2>&1)"; status=$?
if [ "$status" -eq 1 ] && grep -q "error\[unbounded-promise-all\]" <<<"$out" && grep -q "src/jobs.ts:2:9" <<<"$out"; then
  pass "npx fanout check: the fan-out in src/jobs.ts fails the run (status 1)"
else
  fail "npx fanout check on a fan-out: status $status"; indent <<<"$out"
fi
rm -f src/jobs.ts
git add . && git commit -q -m "a project with fanout" || fail "first commit"

# --- husky + lint-staged ------------------------------------------------------------
if out="$(npm install -D husky@9.1.7 lint-staged@15.5.2 2>&1)"; then pass "npm install -D husky lint-staged"; else fail "installing husky and lint-staged"; indent <<<"$out"; fi
npx husky init >/dev/null 2>&1 || fail "npx husky init"
cp "$SNIPPETS/husky-pre-commit" .husky/pre-commit
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  Object.assign(pkg, JSON.parse(fs.readFileSync(process.argv[1], "utf8")));
  delete pkg.scripts.test;
  fs.writeFileSync("package.json", JSON.stringify(pkg, null, 2) + "\n");
' "$SNIPPETS/lint-staged.json"
git add . && git commit -q -m "husky and lint-staged" || fail "committing the husky setup"
expect_blocked_until_fixed "husky + lint-staged" src/handlers/orders.ts
git config --unset core.hooksPath

# --- pre-commit, local hook --------------------------------------------------------------
cp "$SNIPPETS/pre-commit-local.yaml" .pre-commit-config.yaml
if out="$(pre-commit install 2>&1)"; then pass "pre-commit install (local hook)"; else fail "pre-commit install"; indent <<<"$out"; fi
git add .pre-commit-config.yaml && git commit -q -m "pre-commit, local hook" || fail "committing the local hook"
expect_blocked_until_fixed "pre-commit local hook" lib/worker.mts

# --- pre-commit, the repository's hook (.pre-commit-hooks.yaml) --------------------------------
hooks=/srv/fanout-hooks
rm -rf "$hooks" && mkdir -p "$hooks"
cp "$HOOKS_SRC/.pre-commit-hooks.yaml" "$HOOKS_SRC/package.json" "$hooks/"
(cd "$hooks" && git init -q . && git add . && git commit -q -m hooks && git tag "v$VERSION") || fail "making the hooks repository"
sed "s|https://github.com/fanout-dev/fanout|$hooks|" "$SNIPPETS/pre-commit-remote.yaml" >.pre-commit-config.yaml
grep -q "rev: v$VERSION" .pre-commit-config.yaml || fail "the README's snippet does not name rev: v$VERSION"
if out="$(pre-commit install-hooks 2>&1)"; then
  pass "pre-commit install-hooks: the hook's Node environment got fanout@$VERSION from the registry"
else
  fail "pre-commit install-hooks"; indent <<<"$out"
fi
git add .pre-commit-config.yaml && git commit -q -m "pre-commit, remote hook" || fail "committing the remote hook"
expect_blocked_until_fixed "pre-commit hook from .pre-commit-hooks.yaml" src/jobs.js
env_fanout="$(find "$HOME/.cache/pre-commit" -path "*/@fanout/cli-$TARGET/bin/fanout" 2>/dev/null | head -1)"
if [ -n "$env_fanout" ]; then pass "pre-commit's environment runs the prebuilt binary (${env_fanout#"$HOME"/})"; else fail "no prebuilt binary in pre-commit's environment"; fi
pre-commit uninstall >/dev/null

# --- fanout install-hook -----------------------------------------------------------------
if out="$(npx fanout install-hook 2>&1)"; then pass "npx fanout install-hook: $out"; else fail "npx fanout install-hook"; indent <<<"$out"; fi
if grep -q "node_modules/@fanout/cli-$TARGET/bin/fanout" .git/hooks/pre-commit; then pass "the hook names the installed binary"; else
  fail "the hook does not name the installed binary"; indent <.git/hooks/pre-commit; fi
expect_blocked_until_fixed "fanout install-hook" src/later.cjs

if [ "$failures" -gt 0 ]; then
  echo "install-flow: $failures check(s) failed"
  exit 1
fi
echo "install-flow: every check passed"
