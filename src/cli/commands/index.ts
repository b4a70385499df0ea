import type { CommandFactory, CommandName } from './command.js';

/**
 * Each command's module, loaded only when that command runs: `--help` and `validate` start without
 * the HTTP client, the spinner or the emulator.
 */
export const COMMAND_LOADERS: Readonly<Record<CommandName, () => Promise<CommandFactory>>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  plan: async () => (await import('./plan.js')).planCommand,
  show: async () => (await import('./show.js')).showCommand,
  apply: async () => (await import('./apply.js')).applyCommand,
  export: async () => (await import('./export.js')).exportCommand,
  migrate: async () => (await import('./migrate.js')).migrateCommand,
  emulator: async () => (await import('./emulator.js')).emulatorCommand,
  completion: async () => (await import('./completion.js')).completionCommand,
};
