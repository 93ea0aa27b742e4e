#!/usr/bin/env node
// Prints the README's fenced block of language INFO whose first line is MARKER
// (for json blocks: that contains it), without the fences; exits 1 if there is
// none. The install test runs the README's snippets as written, the way
// tests/hooks_test.cpp does.
//
//   node scripts/release/readme-block.mjs INFO MARKER [README]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [info, marker, file] = process.argv.slice(2);
const readme = readFileSync(file ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');
const fence = '```' + info + '\n';
for (let at = readme.indexOf(fence); at !== -1; at = readme.indexOf(fence, at + 1)) {
  const body = at + fence.length;
  const end = readme.indexOf('\n```', body);
  if (end === -1) break;
  const block = readme.slice(body, end + 1);
  if (block.startsWith(marker) || (info === 'json' && block.includes(marker))) {
    process.stdout.write(block);
    process.exit(0);
  }
}
console.error(`README.md has no \`\`\`${info} block with ${marker}`);
process.exit(1);
