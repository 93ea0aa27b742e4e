'use strict';
// Where the fanout binary for this machine is. The binary itself ships in one
// package per platform (@fanout/cli-<os>-<arch>), which npm installs through
// this package's optionalDependencies: each declares `os` and `cpu`, so npm,
// pnpm and yarn skip the ones that do not match (esbuild's and Biome's scheme).
//
// Editors and tools find the binary with:
//   require('fanout').binaryPath()
// or, from another folder, require(require.resolve('fanout', { paths: [root] })).

const path = require('node:path');

/** Packages with a binary, keyed by `${process.platform}-${process.arch}`. */
const PLATFORMS = Object.freeze({
  'darwin-arm64': '@fanout/cli-darwin-arm64',
  'darwin-x64': '@fanout/cli-darwin-x64',
  'linux-arm64': '@fanout/cli-linux-arm64',
  'linux-x64': '@fanout/cli-linux-x64',
});

class FanoutBinaryError extends Error {}

function platformKey() {
  return `${process.platform}-${process.arch}`;
}

/**
 * The absolute path of the fanout executable for this machine.
 * FANOUT_BINARY, when set, names another one (a build of your own).
 * Throws FanoutBinaryError with a message meant for the user.
 */
function binaryPath() {
  if (process.env.FANOUT_BINARY) return path.resolve(process.env.FANOUT_BINARY);
  const key = platformKey();
  const pkg = PLATFORMS[key];
  if (!pkg) {
    throw new FanoutBinaryError(
      `fanout: there is no prebuilt fanout binary for ${key} (there are for ${Object.keys(PLATFORMS).join(', ')}).` +
        (process.platform === 'win32'
          ? ' Windows is not supported yet: fanout starts git with posix_spawn and reads folders with POSIX calls.'
          : '') +
        ' Build it from source (https://github.com/fanout-dev/fanout#building-and-testing)' +
        ' and set FANOUT_BINARY to its path.',
    );
  }
  try {
    return require.resolve(`${pkg}/bin/fanout`);
  } catch {
    throw new FanoutBinaryError(
      `fanout: the package ${pkg}, which holds the fanout binary for ${key}, is not installed. ` +
        'npm installs it as an optional dependency of fanout: reinstall without --omit=optional ' +
        '(or --no-optional), and if your lockfile was written on another platform, delete node_modules ' +
        'and run npm install again.',
    );
  }
}

module.exports = { binaryPath, platformKey, PLATFORMS, FanoutBinaryError };
