import { Command, CommanderError, Help, type OutputConfiguration } from 'commander';
import { FlexFlowSyncError } from '../errors.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { escapeUnprintableLines } from '../printable.js';
import { PACKAGE_VERSION } from '../version.js';
import { guardWorkflowCommands, inGitHubActions } from './commandGuard.js';
import { type Io, processIo } from './io.js';
import { COMMAND_SUMMARIES, type CommandName, type ExitStatus } from './commands/command.js';
import { COMMAND_LOADERS } from './commands/index.js';
import { debugEnabled, formatUnexpectedError } from './unexpectedError.js';
import { withUsageHint } from './usageHints.js';

/**
 * The command a run names (`apply …`, `help apply`), if any. The program itself takes no option
 * with a value, so the first word that is not an option is the command.
 */
function commandNamed(argv: readonly string[]): CommandName | undefined {
  const [first, second] = argv.filter((arg) => !arg.startsWith('-'));
  const name = first === 'help' ? second : first;
  return name !== undefined && Object.hasOwn(COMMAND_SUMMARIES, name) ? (name as CommandName) : undefined;
}

/** Where commander writes, with a hint after the usage errors people make most. */
function outputFor(io: Io, command: string): OutputConfiguration {
  return {
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(withUsageHint(command, text)),
  };
}

/**
 * The program with the command the run names, fully built, and the others as their `--help` line
 * only: loading every command would cost more than the run of `--help` or `validate` itself.
 * `completion` describes every command's options, so it loads them all.
 */
async function buildProgram(argv: readonly string[], io: Io, exit: ExitStatus): Promise<Command> {
  const program = new Command('flexflow-sync')
    .description('GitOps for Twilio Flex Flows: declare flows in YAML, plan and apply them safely.')
    .version(PACKAGE_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput(outputFor(io, '*'))
    // The commands not loaded have no options yet: their line in --help comes from the summaries.
    .configureHelp({
      subcommandTerm: (command) => COMMAND_SUMMARIES[command.name() as CommandName]?.term ?? new Help().subcommandTerm(command),
    })
    .exitOverride();
  const selected = commandNamed(argv);
  for (const [name, summary] of Object.entries(COMMAND_SUMMARIES) as [CommandName, (typeof COMMAND_SUMMARIES)[CommandName]][]) {
    const load = selected === 'completion' || name === selected;
    const command = load ? (await COMMAND_LOADERS[name]())(io, exit) : new Command(name).description(summary.description);
    program.addCommand(command.exitOverride().configureOutput(outputFor(io, name)));
  }
  return program;
}

/** Runs the CLI and returns the exit status; never throws, and prints no stack unless FLEXFLOW_SYNC_DEBUG is set. */
export async function main(argv: readonly string[], given: Io = processIo()): Promise<number> {
  const io = inGitHubActions(given) ? guardWorkflowCommands(given) : given;
  const exit: ExitStatus = { code: 0 };
  try {
    const program = await buildProgram(argv, io, exit);
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
