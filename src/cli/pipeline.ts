import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserInputError } from '../errors.js';
import { loadFlows } from '../flows/load.js';
import { formatPosition, formatProblem, sortProblems } from '../flows/problems.js';
import { displayPath } from '../flows/walk.js';
import type { DesiredFlow, Problem } from '../flows/types.js';
import type { FlexFlow } from '../model/flexFlow.js';
import { diff } from '../plan/diff.js';
import { checkAccountCap, safetyRefusals } from '../plan/safety.js';
import type { Plan } from '../plan/types.js';
import type { SafetyOverrides } from '../plan/safety.js';
import { compileGlobs } from '../settings/globs.js';
import { type LoadedSettings, loadSettings } from '../settings/load.js';
import type { Settings } from '../settings/types.js';
import { reportProblemsToGitHub } from './githubAnnotations.js';
import type { Io } from './io.js';
import { plural } from './plural.js';

/**
 * The steps plan, apply and export share: read the flow files and the settings, read the live
 * flows, diff, and check the safety rails.
 */

export interface DesiredState {
  readonly flows: readonly DesiredFlow[];
  readonly settings: Settings;
}

export interface LoadDesiredOptions {
  /** Flows folder, relative to io.cwd. */
  readonly dir: string;
  readonly varFile?: string;
  /** `--config`, relative to io.cwd; must exist when given. Default: found as loadSettingsFor says. */
  readonly configPath?: string;
  /** Settings already read (then `configPath` is not read again). */
  readonly settings?: Settings;
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

/** As readSettingsFor, for commands that stop at the first bad input: a bad file fails, one line per problem. */
export async function loadSettingsFor(io: Io, configPath: string | undefined, dir: string): Promise<Settings> {
  const { settings, problems } = await readSettingsFor(io, configPath, dir);
  failOnInputFileProblems(problems, io);
  return settings;
}

/**
 * Settings and var file problems end the run as one error, one `file:line:col: message` per line,
 * annotated in GitHub Actions as flow problems are.
 */
function failOnInputFileProblems(problems: readonly Problem[], io: Io): void {
  if (problems.length === 0) return;
  reportProblemsToGitHub(problems, io);
  throw new UserInputError(problems.map(formatProblem).join('\n'));
}

/** Said whenever no flow file is found: a mistyped --dir must not pass for "no changes". */
export function noFlowFilesWarning(dir: string): string {
  return `warning: no flow files (.yaml, .yml) under ${dir}; no flow is managed and nothing will be deleted\n`;
}

/** A declared flow that an `ignore` glob matches is never applied: surely not what its author meant. */
export function ignoredDeclarationWarnings(flows: readonly DesiredFlow[], settings: Settings): string[] {
  const isIgnored = compileGlobs(settings.ignore);
  return flows
    .filter((flow) => isIgnored(flow.fields.friendly_name))
    .map((flow) => `${formatPosition(flow.source)}: warning: ${JSON.stringify(flow.fields.friendly_name)} is declared but ignored (it matches ignore in the settings): it will never be applied\n`);
}

/**
 * A flows folder that does not exist is an error: a mistyped --dir in a nightly drift job must not
 * report "No changes" forever. An existing empty folder is fine (it manages no flow).
 */
async function requireFolder(dir: string, cwd: string): Promise<void> {
  try {
    await stat(resolve(cwd, dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new UserInputError(`flows folder ${dir} does not exist; pass the right one with --dir (an empty folder manages no flow)`);
  }
}

/**
 * Loads flows and settings; prints every validation problem and throws when there is any, and
 * warns when there is no flow file at all or a declared flow is ignored.
 */
export async function loadDesiredState(options: LoadDesiredOptions): Promise<DesiredState> {
  const { io } = options;
  await requireFolder(options.dir, io.cwd);
  const settings = options.settings ?? (await loadSettingsFor(io, options.configPath, options.dir));
  const result = await loadFlows({
    dir: options.dir,
    cwd: io.cwd,
    env: io.env,
    ...(options.varFile === undefined ? {} : { varFile: options.varFile }),
  });
  if (result.badVarFile) failOnInputFileProblems(result.problems, io);
  if (result.problems.length > 0) {
    const problems = sortProblems(result.problems);
    for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
    reportProblemsToGitHub(problems, io);
    const count = problems.length;
    throw new UserInputError(`${plural(count, 'problem')} in the flow files; fix them and run again`);
  }
  if (result.fileCount === 0) io.stderr.write(noFlowFilesWarning(options.dir));
  for (const warning of ignoredDeclarationWarnings(result.flows, settings)) io.stderr.write(warning);
  return { flows: result.flows, settings };
}

export interface ComputePlanOptions {
  readonly desired: Pick<DesiredState, 'flows'>;
  readonly settings: Settings;
  /** Every live flow, ignored ones included (a listing started earlier may be passed in). */
  readonly live: readonly FlexFlow[] | Promise<readonly FlexFlow[]>;
  /** `--max-delete-fraction` and `--max-update-fraction`; replace the settings file's values. */
  readonly overrides?: SafetyOverrides;
}

export interface ComputedPlan {
  readonly plan: Plan;
  /** Why the safety rails refuse the plan (empty: allowed): the CLI shows the plan, then refuses. */
  readonly refusals: readonly string[];
}

/** The live flows the tool manages, which the shares of deletes and updates count: ignored ones are outside its view. */
export function managedLiveCount(live: readonly FlexFlow[], settings: Settings): number {
  const isIgnored = compileGlobs(settings.ignore);
  return live.filter((flow) => !isIgnored(flow.friendly_name)).length;
}

/**
 * Diffs the live flows against the declared ones and says why the safety rails refuse the plan, if
 * they do; a plan that would leave more flows than Twilio allows is refused outright (UnsafePlanError).
 */
export async function computePlan(options: ComputePlanOptions): Promise<ComputedPlan> {
  const { desired, settings } = options;
  const live = await options.live;
  const plan = diff(desired.flows, live, settings);
  checkAccountCap(plan, live.length);
  return { plan, refusals: safetyRefusals(plan, managedLiveCount(live, settings), settings, options.overrides) };
}
