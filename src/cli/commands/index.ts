import type { CommandFactory } from '../main.js';
import { applyCommand } from './apply.js';
import { completionCommand } from './completion.js';
import { emulatorCommand } from './emulator.js';
import { exportCommand } from './export.js';
import { planCommand } from './plan.js';
import { showCommand } from './show.js';
import { validateCommand } from './validate.js';

/** Every subcommand, in the order `--help` lists them. Each module owns one command. */
export const commandFactories: readonly CommandFactory[] = [validateCommand, planCommand, showCommand, applyCommand, exportCommand, emulatorCommand, completionCommand];
