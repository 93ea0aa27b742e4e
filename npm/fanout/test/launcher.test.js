'use strict';
// The launcher (bin/fanout.js) end to end, with stand-in binaries: arguments,
// exit status and signals pass through; a missing platform package and an
// unsupported platform get a message and status 2. Run by ctest
// (tests/CMakeLists.txt) as `node --test npm/fanout/test/launcher.test.js`.

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const packageDir = path.join(__dirname, '..');
const launcher = path.join(packageDir, 'bin', 'fanout.js');
const { PLATFORMS, platformKey } = require(packageDir);

function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanout-launcher-'));
  test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function script(dir, name, body) {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function run(args, { env = {}, cwd, node = [], bin = launcher } = {}) {
  const clean = { ...process.env };
  delete clean.FANOUT_BINARY;
  return spawnSync(process.execPath, [...node, bin, ...args], { env: { ...clean, ...env }, cwd, encoding: 'utf8' });
}

test('passes arguments and the exit status through', () => {
  const dir = tempDir();
  const fake = script(dir, 'fake', 'for a in "$@"; do printf "[%s]" "$a"; done; echo; echo err >&2; exit 3');
  const result = run(['check', 'a file.js', '--format', 'json'], { env: { FANOUT_BINARY: fake } });
  assert.equal(result.stdout, '[check][a file.js][--format][json]\n');
  assert.equal(result.stderr, 'err\n');
  assert.equal(result.status, 3);
});

test('dies of the signal that ended the binary', () => {
  const dir = tempDir();
  const fake = script(dir, 'fake', 'kill -TERM $$');
  const result = run([], { env: { FANOUT_BINARY: fake } });
  assert.equal(result.signal, 'SIGTERM');
});

test('runs the binary of the installed platform package', (t) => {
  const pkg = PLATFORMS[platformKey()];
  if (!pkg) return t.skip(`no package for ${platformKey()}`);
  const project = tempDir();
  fs.cpSync(packageDir, path.join(project, 'node_modules', 'fanout'), { recursive: true });
  script(path.join(project, 'node_modules', pkg), 'bin/fanout', 'echo "platform binary $*"; exit 1');
  const result = run(['check', '.'], { bin: path.join(project, 'node_modules', 'fanout', 'bin', 'fanout.js') });
  assert.equal(result.stdout, 'platform binary check .\n');
  assert.equal(result.status, 1);
});

test('says how to get the platform package when it is missing', (t) => {
  if (!PLATFORMS[platformKey()]) return t.skip(`no package for ${platformKey()}`);
  const project = tempDir();
  fs.cpSync(packageDir, path.join(project, 'node_modules', 'fanout'), { recursive: true });
  const result = run(['--version'], { bin: path.join(project, 'node_modules', 'fanout', 'bin', 'fanout.js') });
  assert.equal(result.status, 2);
  assert.match(result.stderr, new RegExp(`the package ${PLATFORMS[platformKey()]}, which holds the fanout binary`));
  assert.match(result.stderr, /--omit=optional/);
});

test('names the supported platforms on any other', () => {
  const dir = tempDir();
  const preload = path.join(dir, 'windows.js');
  fs.writeFileSync(preload, "Object.defineProperty(process, 'platform', { value: 'win32' });\n");
  const result = run(['--version'], { node: ['--require', preload] });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /no prebuilt fanout binary for win32-/);
  assert.match(result.stderr, /darwin-arm64, darwin-x64, linux-arm64, linux-x64/);
  assert.match(result.stderr, /Windows is not supported yet/);
  assert.match(result.stderr, /FANOUT_BINARY/);
});

test('every platform package is an optional dependency at the same version', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.optionalDependencies).sort(), Object.values(PLATFORMS).sort());
  for (const [key, name] of Object.entries(PLATFORMS)) {
    const platform = JSON.parse(fs.readFileSync(path.join(packageDir, '..', `cli-${key}`, 'package.json'), 'utf8'));
    const [osName, cpu] = key.split('-');
    assert.equal(platform.name, name);
    assert.deepEqual([platform.os, platform.cpu], [[osName], [cpu]]);
    assert.equal(platform.version, manifest.version);
    assert.equal(manifest.optionalDependencies[name], manifest.version);
  }
});
