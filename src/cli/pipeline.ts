import { UserInputError } from '../errors.js';
import { loadFlows } from '../flows/load.js';
import { formatProblem, sortProblems } from '../flows/problems.js';
import type { DesiredFlow } from '../flows/types.js';
import type { FlexFlow } from '../model/flexFlow.js';
import { diff } from '../plan/diff.js';
import { checkAccountCap, checkSafety } from '../plan/safety.js';
import type { Plan } from '../plan/types.js';
import { compileGlobs } from '../settings/globs.js';
import { loadSettings } from '../settings/load.js';
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
  /** Flow files read; 0 means the folder is empty or missing, and nothing is ever deleted. */
  readonly fileCount: number;
  readonly settings: Settings;
}

export interface LoadDesiredOptions {
  /** Flows folder, relative to io.cwd. */
  readonly dir: string;
  readonly varFile?: string;
  /** `--config`, relative to io.cwd; must exist when given. Default: flexflow-sync.yaml if present. */
  readonly configPath?: string;
  /** Settings already read (then `configPath` is not read again). */
  readonly settings?: Settings;
  readonly io: Io;
}

/** The settings file: `--config`, or flexflow-sync.yaml if present. */
export function loadSettingsFor(io: Io, configPath: string | undefined): Promise<Settings> {
  return loadSettings({ cwd: io.cwd, ...(configPath === undefined ? {} : { configPath }) });
}

/** Said whenever no flow file is found: a mistyped --dir must not pass for "no changes". */
export function noFlowFilesWarning(dir: string): string {
  return `warning: no flow files (.yaml, .yml) under ${dir} (a missing folder counts as empty); no flow is managed and nothing will be deleted\n`;
}

/**
 * Loads flows and settings; prints every validation problem and throws when there is any, and
 * warns when there is no flow file at all.
 */
export async function loadDesiredState(options: LoadDesiredOptions): Promise<DesiredState> {
  const { io } = options;
  const settings = options.settings ?? (await loadSettingsFor(io, options.configPath));
  const result = await loadFlows({
    dir: options.dir,
    cwd: io.cwd,
    env: io.env,
    ...(options.varFile === undefined ? {} : { varFile: options.varFile }),
  });
  if (result.problems.length > 0) {
    const problems = sortProblems(result.problems);
    for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
    reportProblemsToGitHub(problems, io);
    const count = problems.length;
    throw new UserInputError(`${plural(count, 'problem')} in the flow files; fix them and run again`);
  }
  if (result.fileCount === 0) io.stderr.write(noFlowFilesWarning(options.dir));
  return { flows: result.flows, fileCount: result.fileCount, settings };
}

export interface ComputePlanOptions {
  readonly desired: Pick<DesiredState, 'flows' | 'fileCount'>;
  readonly settings: Settings;
  /** Every live flow, ignored ones included (a listing started earlier may be passed in). */
  readonly live: readonly FlexFlow[] | Promise<readonly FlexFlow[]>;
  /** `--max-delete-fraction`; replaces the settings file's value. */
  readonly maxDeleteFraction?: number;
}

export interface ComputedPlan {
  readonly plan: Plan;
  /** Every live flow as listed, ignored ones included. */
  readonly live: readonly FlexFlow[];
}

/** Diffs the live flows against the declared ones and applies the safety rails (throws UnsafePlanError). */
export async function computePlan(options: ComputePlanOptions): Promise<ComputedPlan> {
  const { desired, settings } = options;
  const live = await options.live;
  const plan = diff(desired.flows, live, settings, { fileCount: desired.fileCount });
  // The share of deletes is of the flows the tool manages: ignored ones are outside its view.
  const isIgnored = compileGlobs(settings.ignore);
  const liveCount = live.filter((flow) => !isIgnored(flow.friendly_name)).length;
  checkSafety(plan, liveCount, settings, options.maxDeleteFraction === undefined ? {} : { maxDeleteFraction: options.maxDeleteFraction });
  checkAccountCap(plan, live.length);
  return { plan, live };
}
