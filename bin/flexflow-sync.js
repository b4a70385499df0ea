#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ can keep the compiled code of what a run loads on disk, so the next run skips most of
// the compile; Node 20 has no such cache (and no such function), and runs as before.
module.enableCompileCache?.();

// The bundled CLI (npm run build: scripts/bundleCli.ts): one file per command instead of ~150 modules.
const { main } = await import('../dist/cli-bundle/main.js');
const code = await main(process.argv.slice(2));
// An interrupted apply has reported what it knows; requests still retrying must not keep it alive.
if (code === 130) process.exit(code);
process.exitCode = code;
