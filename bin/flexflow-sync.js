#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
// An interrupted apply has reported what it knows; requests still retrying must not keep it alive.
if (code === 130) process.exit(code);
process.exitCode = code;
