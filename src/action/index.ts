/**
 * The action's entry point (action.yml `main`), bundled with everything it needs into
 * dist/action/index.js by `npm run bundle`: the runner runs that one file, with no install step.
 */
import { processIo } from '../cli/io.js';
import { runAction } from './run.js';

process.exitCode = await runAction(processIo());
