/**
 * Reading a plan file named on the command line, apart from planInputs.ts: `show` is offline, and
 * importing it from there would load the API client, names and the diff at its start.
 */
import { resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { planTextProblem } from '../plan/planFile.js';
import { type RegularFileRead, readRegularFile } from '../readRegularFile.js';
import type { Io } from './io.js';

/** The text of a plan file named on the command line (apply PLANFILE, show PLANFILE). */
export async function readPlanFile(file: string, io: Io): Promise<string> {
  const again = `make one with \`flexflow-sync plan --out ${file}\``;
  let read: RegularFileRead;
  try {
    // A FIFO would block forever and a device never end: only a regular file of a plan's size is read.
    read = await readRegularFile(resolve(io.cwd, file), MAX_PLAN_FILE_BYTES);
  } catch (error) {
    throw new UserInputError(`cannot read plan file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}; ${again}`);
  }
  if ('bytes' in read) {
    const text = Buffer.from(read.bytes).toString('utf8');
    // parsePlanFile refuses it too, but cannot name the file.
    const problem = planTextProblem(text);
    if (problem !== undefined) throw new UserInputError(`plan file ${file} ${problem}`);
    return text;
  }
  if (read.refused === 'not-a-file') throw new UserInputError(`plan file ${file} is not a regular file; ${again}`);
  throw new UserInputError(
    `plan file ${file} is larger than ${MAX_PLAN_FILE_BYTES / 2 ** 20} MiB, more than any plan of one account; ${again}`,
  );
}

/** A plan of 2,500 flows (an account's maximum) with every field is a few MiB; far more is not a plan. */
const MAX_PLAN_FILE_BYTES = 64 * 2 ** 20;
