import type { CommandFactory } from '../main.js';
import { emulatorCommand } from './emulator.js';
import { validateCommand } from './validate.js';
import { planCommand } from './plan.js';

/** Every subcommand, in the order `--help` lists them. Each module owns one command. */
export const commandFactories: readonly CommandFactory[] = [planCommand, emulatorCommand];
