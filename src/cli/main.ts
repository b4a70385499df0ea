import { Command, CommanderError } from 'commander';
import { FlexFlowSyncError, redactUrlCredentials } from '../errors.js';
import { escapeUnprintableLines } from '../printable.js';
import { PACKAGE_VERSION } from '../version.js';
import { guardWorkflowCommands } from './commandGuard.js';
import { inGitHubActions } from './github.js';
import { type Io, processIo } from './io.js';
import { commandFactories } from './commands/index.js';
import { debugEnabled, formatUnexpectedError } from './unexpectedError.js';

/** Lets a command's action report its exit status without throwing. */
export interface ExitStatus {
  code: number;
}

export type CommandFactory = (io: Io, exit: ExitStatus) => Command;

function buildProgram(io: Io, exit: ExitStatus): Command {
  const program = new Command('flexflow-sync')
    .description('GitOps for Twilio Flex Flows: declare flows in YAML, plan and apply them safely.')
    .version(PACKAGE_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  for (const factory of commandFactories) {
    program.addCommand(factory(io, exit).exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    }));
  }
  return program;
}

/** Runs the CLI and returns the exit status; never throws, and prints no stack unless FLEXFLOW_SYNC_DEBUG is set. */
export async function main(argv: readonly string[], given: Io = processIo()): Promise<number> {
  const io = inGitHubActions(given) ? guardWorkflowCommands(given) : given;
  const exit: ExitStatus = { code: 0 };
  const program = buildProgram(io, exit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 1;
    }
    if (error instanceof FlexFlowSyncError) {
      io.stderr.write(`error: ${escapeUnprintableLines(redactUrlCredentials(error.message))}\n`);
      return 1;
    }
    io.stderr.write(formatUnexpectedError(error, debugEnabled(io.env)));
    return 1;
  }
}
