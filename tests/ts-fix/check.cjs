// Type-checks (and emits, unless the config says noEmit) each project folder
// given on the command line with the pinned TypeScript, in one process: the
// standard library and declaration files are parsed once and shared, which
// keeps the TypeScript fix test fast. Prints one JSON object: folder ->
// diagnostics, each "file(line,col): error TSnnnn: message" as tsc writes it.
'use strict';

const path = require('node:path');
const ts = require('typescript');

const shared = new Map();  // declaration files (lib, node_modules) by path
const results = {};
for (const dir of process.argv.slice(2)) {
  const configPath = path.join(dir, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  const host = ts.createCompilerHost(parsed.options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (file, languageVersion, ...rest) => {
    if (!file.endsWith('.d.ts') || !file.includes('node_modules')) return getSourceFile(file, languageVersion, ...rest);
    const key = `${file}\0${JSON.stringify(languageVersion)}`;
    if (!shared.has(key)) shared.set(key, getSourceFile(file, languageVersion, ...rest));
    return shared.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  if (!parsed.options.noEmit && diagnostics.length === 0) program.emit();
  results[dir] = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return `error TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${text}`;
  });
}
console.log(JSON.stringify(results));
