#!/usr/bin/env bash
# Writes the large file shapes that once cost fanout more than linear time
# (issue 13) into OUT_DIR, each with a number of fan-outs that grows with
# SCALE: tests/linear_time_test.cpp checks that doubling SCALE at most about
# doubles the work, and fuzz/make_corpus.sh adds them (small) to the seeds.
#
#   fuzz/shapes.sh OUT_DIR SCALE [NAME...]     (default: every shape)
#
# SCALE 100 gives the sizes: statements.js (200 000 one-line
# statements, 100 fan-outs), bundle.min.js (one 260 KB line, 2 500 fan-outs),
# wrapped.js (3 MB inside one function, 100 fan-outs), and the module-heavy
# imports.mjs / requires.js / requires.ts (a top-level import or require per fan-out and
# thousands of statements between them).
set -euo pipefail
out=${1:?usage: fuzz/shapes.sh OUT_DIR SCALE [NAME...]}
scale=${2:?usage: fuzz/shapes.sh OUT_DIR SCALE [NAME...]}
shift 2
wanted=" ${*:-statements.js bundle.min.js wrapped.js imports.mjs requires.js requires.ts} "
mkdir -p "$out"
want() { [[ "$wanted" == *" $1 "* ]]; }

want statements.js && awk -v n="$scale" 'BEGIN {
  for (i = 0; i < 2000 * n; i++) print "x;";
  for (i = 0; i < n; i++) print "async function f(a){ await Promise.all(a.map((x)=>g(x))); }";
}' >"$out/statements.js"

want bundle.min.js && awk -v n="$scale" 'BEGIN {
  printf "!function(){\"use strict\";";
  for (i = 0; i < 25 * n; i++) {
    printf "async function f%d(a){return await Promise.all(a.map(function(x){return g(x,%d)}))}var v%d=[1,2,3];", i, i, i;
  }
  print "}();";
}' >"$out/bundle.min.js"

want wrapped.js && awk -v n="$scale" 'BEGIN {
  print "(function (exports, require) {";
  print "  var o = {};";
  for (i = 0; i < n; i++) {
    for (k = 0; k < 600; k++) printf "  o.p%d_%d = function (a, b) { return a + b * %d; };\n", i, k, k;
    printf "  exports.run%d = async function (items) { return Promise.all(items.map(async (x) => o.p%d_0(x, 1))); };\n", i, i;
  }
  print "})(module.exports, require);";
}' >"$out/wrapped.js"

want imports.mjs && awk -v n="$scale" 'BEGIN {
  for (i = 0; i < n; i++) printf "import m%d from \"./m%d.js\";\n", i, i;
  for (i = 0; i < n; i++) {
    for (k = 0; k < 200; k++) printf "export const c%d_%d = m%d(%d);\n", i, k, i, k;
    printf "export async function run%d(items) { await Promise.all(items.map((x) => m%d(x))); }\n", i, i;
  }
}' >"$out/imports.mjs"

for ext in js ts; do
  want "requires.$ext" || continue
  awk -v n="$scale" 'BEGIN {
    print "\"use strict\";";
    for (i = 0; i < n; i++) printf "const m%d = require(\"m%d\");\n", i, i;
    for (i = 0; i < n; i++) {
      for (k = 0; k < 200; k++) printf "m%d.c%d = %d;\n", i, k, k;
      printf "async function run%d(items) { await Promise.all(items.map(async (x) => { await m%d(x); })); }\n", i, i;
    }
  }' >"$out/requires.$ext"
done
exit 0
