#!/usr/bin/env node
// CommonJS (bin/package.json), unlike the rest of the package: an ES module entry makes Node start its
// ES module loader, about 8 ms of CPU on every run, and `--help` and `validate` must start in 2× and 3×
// `node -e 0` (issue 16). Where require() loads ES modules without a warning it loads the bundle, whose
// chunks then load the same way (scripts/bundleCli.ts); elsewhere the bundle is imported as before.
'use strict';
const { enableCompileCache } = require('node:module');

// Node 22.1+ can keep the compiled code of what a run loads on disk, so the next run skips most of
// the compile; Node 20 has no such cache (and no such function), and runs as before.
enableCompileCache?.();

/** Node 20.19+, 22.13+, 23.5+ and 24+: 22.12 and 23.0–23.4 print an ExperimentalWarning, older ones refuse. */
function requireLoadsEsModulesQuietly() {
  if (process.features.require_module !== true) return false;
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13) || (major === 20 && minor >= 19);
}

// The bundled CLI (npm run build: scripts/bundleCli.ts): one file per command instead of ~150 modules.
const MAIN = '../dist/cli-bundle/main.js';
// No chunk awaits at its top level, which require() refuses: scripts/bundleCli.ts checks it.
const cli = requireLoadsEsModulesQuietly() ? Promise.resolve().then(() => require(MAIN)) : import(MAIN);
void cli.then(
  ({ main }) =>
    main(process.argv.slice(2)).then((code) => {
      // An interrupted apply has reported what it knows; requests still retrying must not keep it alive.
      if (code === 130) process.exit(code);
      process.exitCode = code;
    }),
  // A checkout without `npm run build`, or a broken install: one line that says how to fix it, not Node's dump.
  (error) => {
    const reason = String(error?.message ?? error).split('\n')[0];
    process.stderr.write(`flexflow-sync: cannot load dist/cli-bundle/main.js (${reason}); run npm run build\n`);
    process.exitCode = 1;
  },
);
