import type { CommandFactory } from '../main.js';
import { emulatorCommand } from './emulator.js';

/** Every subcommand, in the order `--help` lists them. Each module owns one command. */
export const commandFactories: readonly CommandFactory[] = [emulatorCommand];
