/**
 * The CLI from source, as bin/flexflow-sync.js runs it from dist/: for tests that need a process of
 * its own, such as one on a real terminal (see tmux.ts). Run it with CLI_PROCESS.
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
