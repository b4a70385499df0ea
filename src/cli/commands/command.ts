import { Command } from 'commander';
import type { Io } from '../io.js';

/** Lets a command's action report its exit status without throwing. */
export interface ExitStatus {
  code: number;
}

export type CommandFactory = (io: Io, exit: ExitStatus) => Command;

export type CommandName = 'validate' | 'plan' | 'show' | 'apply' | 'export' | 'migrate' | 'emulator' | 'completion';

interface CommandSummary {
  /** How `--help` lists the command; test/cli-help.test.ts checks it against the command itself. */
  readonly term: string;
  readonly description: string;
}

/**
 * What `flexflow-sync --help` says of each command, in its order, without loading any command: a run
 * loads only the module of the command it runs (src/cli/commands/index.ts).
 */
export const COMMAND_SUMMARIES: Readonly<Record<CommandName, CommandSummary>> = {
  validate: {
    term: 'validate [options] [files...]',
    description: 'Check the flow files and settings offline (YAML, schema, rules, duplicates, variables).',
  },
  plan: { term: 'plan [options]', description: 'Compare the flow files with the live flows and show what apply would change.' },
  show: {
    term: 'show [options] <PLANFILE>',
    description: 'Print a plan saved with `plan --out` as text, markdown or json, offline (no credentials needed).',
  },
  apply: {
    term: 'apply [options] [PLANFILE]',
    description: 'Apply the flow files to the live account (or exactly the plan saved in PLANFILE).',
  },
  export: {
    term: 'export [options]',
    description: 'Write every live flow and address configuration as YAML, to adopt an existing account (ignored flows are left out).',
  },
  migrate: {
    term: 'migrate [options]',
    description: 'Show how each declared Flex Flow becomes a Conversations address configuration, offline; --write rewrites the files.',
  },
  emulator: {
    term: 'emulator [options]',
    description: 'Run the local API emulator (Flex Flows, Conversations address configurations) on 127.0.0.1 until stopped.',
  },
  completion: {
    term: 'completion <shell>',
    description: 'Print a shell completion script (bash: source <(flexflow-sync completion bash)).',
  },
};

/** A command with its name and description; its module adds the options and the action. */
export function describedCommand(name: CommandName): Command {
  return new Command(name).description(COMMAND_SUMMARIES[name].description);
}
