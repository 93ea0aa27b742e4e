#!/usr/bin/env node
'use strict';
// `fanout` on npm: runs the native binary of this platform with the same
// arguments, standard streams and working directory, and exits as it did.

const { spawnSync } = require('node:child_process');
const { binaryPath, FanoutBinaryError } = require('../index.js');

let binary;
try {
  binary = binaryPath();
} catch (error) {
  if (!(error instanceof FanoutBinaryError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);  // fanout's status for usage and I/O errors
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
if (result.error) {
  process.stderr.write(`fanout: cannot run ${binary}: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  // Die of the same signal, so a shell or git sees what the binary saw.
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 2);
