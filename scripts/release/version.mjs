#!/usr/bin/env node
// fanout's version lives in one place, `project(fanout VERSION x.y.z)` in
// CMakeLists.txt (the binary's --version comes from it). Everything else that
// names the version is derived from it here:
//
//   node scripts/release/version.mjs          print the version
//   node scripts/release/version.mjs sync     write it everywhere below
//   node scripts/release/version.mjs check    fail if any place disagrees
//
// Places: the npm packages (npm/*/package.json, and the launcher's
// optionalDependencies), the root package.json that pre-commit needs, the
// npm version in .pre-commit-hooks.yaml, the tags that the README and the
// workflow example name (`rev: vX`, `fanout-dev/fanout@vX`), and a
// `## X` entry in CHANGELOG.md.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = (...parts) => join(root, ...parts);

function projectVersion() {
  const cmake = readFileSync(at('CMakeLists.txt'), 'utf8');
  const match = /project\(fanout\s+VERSION\s+(\d+\.\d+\.\d+)\b/.exec(cmake);
  if (!match) throw new Error('CMakeLists.txt: no `project(fanout VERSION x.y.z)`');
  return match[1];
}

const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;
// Text files and the version references they hold, as [pattern, replacement(v)].
const TEXT_PLACES = [
  ['.pre-commit-hooks.yaml', [[new RegExp(`fanout@${SEMVER}`, 'g'), (v) => `fanout@${v}`]]],
  ['README.md', [
    [new RegExp(`(rev: )v${SEMVER}`, 'g'), (v) => `$1v${v}`],
    [new RegExp(`fanout-dev/fanout@v${SEMVER}`, 'g'), (v) => `fanout-dev/fanout@v${v}`],
    [new RegExp(`fanout@${SEMVER}`, 'g'), (v) => `fanout@${v}`],
  ]],
  ['examples/gitlab-ci/.gitlab-ci.yml', [[new RegExp(`fanout@${SEMVER}`, 'g'), (v) => `fanout@${v}`]]],
  ['examples/github-actions/fanout.yml', [[new RegExp(`fanout-dev/fanout@v${SEMVER}`, 'g'), (v) => `fanout-dev/fanout@v${v}`]]],
  ['npm/fanout/README.md', [[new RegExp(`(rev: )v${SEMVER}`, 'g'), (v) => `$1v${v}`]]],
];

function packageFiles() {
  const files = ['package.json'];
  for (const name of readdirSync(at('npm'))) {
    if (existsSync(at('npm', name, 'package.json'))) files.push(join('npm', name, 'package.json'));
  }
  return files;
}

// Rewrites only the version strings, so the file keeps its own layout; the
// result is checked against what it must mean.
function withVersions(file, text, version) {
  const pkg = JSON.parse(text);
  const deps = Object.keys(pkg.optionalDependencies ?? {});
  let out = text.replace(/("version":\s*")[^"]*(")/, `$1${version}$2`);
  for (const name of deps) {
    out = out.replace(new RegExp(`("${name.replace(/[.]/g, '\\.')}":\\s*")[^"]*(")`), `$1${version}$2`);
  }
  const got = JSON.parse(out);
  if (got.version !== version || deps.some((name) => got.optionalDependencies[name] !== version)) {
    throw new Error(`${file}: cannot place the version; edit it by hand`);
  }
  return out;
}

function run(mode) {
  const version = projectVersion();
  if (mode === undefined) {
    console.log(version);
    return 0;
  }
  const problems = [];
  let stale = false;
  const update = (file, text, wanted) => {
    if (text === wanted) return;
    if (mode === 'sync') {
      writeFileSync(at(file), wanted);
      console.error(`version: ${file} now names ${version}`);
    } else {
      problems.push(`${file} does not name version ${version} everywhere`);
      stale = true;
    }
  };
  for (const file of packageFiles()) {
    const text = readFileSync(at(file), 'utf8');
    update(file, text, withVersions(file, text, version));
  }
  for (const [file, rules] of TEXT_PLACES) {
    if (!existsSync(at(file))) continue;
    const text = readFileSync(at(file), 'utf8');
    let wanted = text;
    for (const [pattern, replacement] of rules) wanted = wanted.replace(pattern, replacement(version));
    update(file, text, wanted);
  }
  const changelog = existsSync(at('CHANGELOG.md')) ? readFileSync(at('CHANGELOG.md'), 'utf8') : '';
  if (!new RegExp(`^## ${version.replace(/\./g, '\\.')}(\\s|$)`, 'm').test(changelog)) {
    problems.push(`CHANGELOG.md has no "## ${version}" entry: write one (what changed for users) before releasing`);
  }
  for (const problem of problems) console.error(`version: ${problem}`);
  if (stale) console.error('version: run `node scripts/release/version.mjs sync`');
  return problems.length === 0 ? 0 : 1;
}

const mode = process.argv[2];
if (mode !== undefined && mode !== 'sync' && mode !== 'check') {
  console.error('usage: version.mjs [sync|check]');
  process.exit(2);
}
process.exit(run(mode));
