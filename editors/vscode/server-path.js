// Which `fanout` executable the extension starts: the `fanout.path` setting,
// else the workspace's node_modules/.bin/fanout (the npm package `fanout`),
// else `fanout` on PATH. Pure apart from the file checks, for the tests.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {object} where
 * @param {string} [where.setting] the `fanout.path` setting
 * @param {string[]} [where.folders] the workspace folders' paths
 * @param {string} [where.pathVariable] PATH
 * @param {string} [where.platform] process.platform
 * @returns {{ command: string, from: string } | undefined}
 */
function findServer({ setting = "", folders = [], pathVariable = process.env.PATH ?? "", platform = process.platform } = {}) {
  const names = platform === "win32" ? ["fanout.cmd", "fanout.exe", "fanout"] : ["fanout"];
  if (setting.trim() !== "") {
    let file = setting.trim();
    if (file === "~" || file.startsWith("~/")) file = path.join(os.homedir(), file.slice(1));
    // A relative setting is read from the first workspace folder, as a project's .vscode/settings.json means it.
    if (!path.isAbsolute(file) && folders.length > 0) file = path.resolve(folders[0], file);
    return isExecutable(file) ? { command: file, from: "the fanout.path setting" } : undefined;
  }
  for (const folder of folders) {
    for (const name of names) {
      const file = path.join(folder, "node_modules", ".bin", name);
      if (isExecutable(file)) return { command: file, from: "the workspace's npm package" };
    }
  }
  for (const dir of pathVariable.split(path.delimiter)) {
    if (dir === "") continue;
    for (const name of names) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return { command: file, from: "PATH" };
    }
  }
  return undefined;
}

module.exports = { findServer };
