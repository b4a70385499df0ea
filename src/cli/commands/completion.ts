import { Argument, type Command } from 'commander';
import { COMPLETION_SHELLS, type CompletionShell, completionScript } from '../completion.js';
import type { Io } from '../io.js';
import { describedCommand } from './command.js';

/** `completion SHELL`: prints a completion script for every command, made from the program itself. */
export function completionCommand(io: Io): Command {
  return describedCommand('completion')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(COMPLETION_SHELLS))
    .action((shell: CompletionShell, _flags: unknown, command: Command) => {
      io.stdout.write(completionScript(shell, command.parent ?? command));
    });
}
