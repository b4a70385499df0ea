import { UserInputError } from '../errors.js';
import { formatProblem, sortProblems } from '../source/problems.js';
import { displayPath } from '../source/displayPath.js';
import type { DesiredResource } from '../flows/types.js';
import type { Problem } from '../source/types.js';
import { loadDesired } from '../plan/loadDesired.js';
import { type LoadedSettings, loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/types.js';
import { reportProblemsToGitHub } from './githubAnnotations.js';
import type { Io } from './io.js';
import { plural } from './plural.js';

/**
 * The steps plan, apply and export share: read the files and the settings. Making the plan from
 * them and the live resources is plan/make.ts, which prints nothing.
 */

export interface DesiredState {
  readonly resources: readonly DesiredResource[];
}

/** Where the declared resources are; loadDesiredState also takes the settings, read before (readSettingsFor). */
export interface LoadDesiredOptions {
  /** Flows folder, relative to io.cwd. */
  readonly dir: string;
  readonly varFile?: string;
  readonly io: Io;
}

/**
 * The settings file: `--config`, else flexflow-sync.yaml (or .yml) in the working directory, else
 * beside the repository of the flows folder `dir`. Which one was read is always said on stderr, so a
 * run from another folder never silently falls back to the defaults.
 */
export async function readSettingsFor(io: Io, configPath: string | undefined, dir: string): Promise<LoadedSettings> {
  const loaded = await loadSettings({ cwd: io.cwd, dir, ...(configPath === undefined ? {} : { configPath }) });
  io.stderr.write(loaded.path === undefined ? 'no settings file: defaults\n' : `settings: ${displayPath(io.cwd, loaded.path)}\n`);
  return loaded;
}

/** As readSettingsFor, for commands that stop at the first bad input: a bad file fails as bad flow files do. */
export async function loadSettingsFor(io: Io, configPath: string | undefined, dir: string): Promise<Settings> {
  const { settings, problems } = await readSettingsFor(io, configPath, dir);
  if (problems.length > 0) failOnFlowProblems(problems, io, 'the settings file');
  return settings;
}

/**
 * Loads the declared resources (plan/loadDesired.ts); prints every validation problem and throws when
 * there is any, and prints the warnings (no flow file at all, a declared flow ignored).
 */
export async function loadDesiredState(options: LoadDesiredOptions & { readonly settings: Settings }): Promise<DesiredState> {
  const { io, settings } = options;
  const loaded = await loadDesired({
    dir: options.dir,
    cwd: io.cwd,
    env: io.env,
    settings,
    ...(options.varFile === undefined ? {} : { varFile: options.varFile }),
  });
  if (loaded.problems.length > 0) failOnFlowProblems(loaded.problems, io, loaded.problemsIn);
  for (const warning of loaded.warnings) io.stderr.write(warning);
  return { resources: loaded.resources };
}

/**
 * Problems of the input files (`where`: the flow files, the settings file, the var file) end the run:
 * one `file:line:col: message` each on stderr, annotated in GitHub Actions, then one error line.
 */
export function failOnFlowProblems(found: readonly Problem[], io: Io, where = 'the flow files'): never {
  const problems = sortProblems(found);
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  reportProblemsToGitHub(problems, io);
  throw new UserInputError(`${plural(problems.length, 'problem')} in ${where}; fix them and run again`);
}
