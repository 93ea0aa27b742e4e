// Starts `fanout lsp` for JavaScript, TypeScript and component files; the
// server does the rest (diagnostics, quick fixes, fix all, hover).
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");
const { findServer } = require("./server-path");

const LANGUAGES = ["javascript", "javascriptreact", "typescript", "typescriptreact", "vue", "svelte", "astro"];
let client;

function settings() {
  const config = vscode.workspace.getConfiguration("fanout");
  return { strict: config.get("strict", false), debounceMs: config.get("debounceMs", 50) };
}

async function activate(context) {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  const server = findServer({ setting: vscode.workspace.getConfiguration("fanout").get("path", ""), folders });
  if (!server) {
    vscode.window.showErrorMessage(
      "fanout: no `fanout` executable found. Install the npm package `fanout` in the project, put fanout on PATH, or set `fanout.path`.",
    );
    return;
  }
  const run = { command: server.command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "fanout",
    "fanout",
    { run, debug: run },
    {
      documentSelector: LANGUAGES.flatMap((language) => [
        { scheme: "file", language },
        { scheme: "untitled", language },
      ]),
      initializationOptions: settings(),
      synchronize: {
        configurationSection: "fanout",
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{fanout.jsonc,fanout.json,package.json,fanout-suppressions.json}"),
      },
    },
  );
  context.subscriptions.push({ dispose: () => client?.stop() });
  await client.start();
  client.info(`fanout: started ${server.command} (from ${server.from})`);
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
