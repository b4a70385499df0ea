import { type Command, Option } from 'commander';
import { planApiCalls } from '../../apply/calls.js';
import { APPLY_DEFAULTS, executePlan } from '../../apply/execute.js';
import { Exposure } from '../../apply/exposure.js';
import { APPLY_REPORT_FORMAT_VERSION, type ApplyReport, isComplete, isExecutable, summarize } from '../../apply/report.js';
import { checkStale } from '../../apply/stale.js';
import { UnsafePlanError, UserInputError } from '../../errors.js';
import type { LiveByKind } from '../../plan/diff.js';
import { planInconsistencies } from '../../plan/consistency.js';
import { targetMismatch } from '../../plan/target.js';
import { describeRef, describeRefs, listBounded } from '../../plan/describe.js';
import { weighPlan } from '../../plan/make.js';
import { undeclaredMigrations } from '../../plan/migrations.js';
import type { DesiredResource } from '../../flows/types.js';
import { type SafetyOverrides, refusalError } from '../../plan/safety.js';
import type { Plan } from '../../plan/types.js';
import type { KindName } from '../../model/kind.js';
import { kindNamed } from '../../model/kinds.js';
import { parsePlanFile, restoreRedacted } from '../../plan/planFile.js';
import { reportApplyToGitHub, reportDryRunToGitHub } from '../github.js';
import { type Io, PromptCancelled } from '../io.js';
import { APPLY_FORMATS, type ApplyFormat, type ApplyView, applyView } from '../applyView.js';
import { type ExitStatus, describedCommand } from './command.js';
import type { Settings } from '../../settings/types.js';
import { type ConnectedApi, connectApi } from '../connect.js';
import { refuseChangedNames } from '../names.js';
import { loadDesiredState, loadSettingsFor } from '../pipeline.js';
import {
  addPlanInputOptions,
  desiredOptions,
  listLive,
  neighboursOf,
  parseSafetyOverrides,
  planFromFiles,
  type PlanInputFlags,
  printNotes,
  refuseTargetsWithPlanFile,
} from '../planInputs.js';
import { plural } from '../plural.js';
import { readPlanFile } from '../readPlanFile.js';

interface ApplyFlags extends PlanInputFlags {
  concurrency: string;
  migrateConcurrency: string;
  dryRun?: boolean;
  autoApprove?: boolean;
  format: ApplyFormat;
}

const MAX_CONCURRENCY = 100;

function parseConcurrency(raw: string, option = '--concurrency'): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > MAX_CONCURRENCY) {
    throw new UserInputError(`${option} must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Refuses a plan any resource of which no longer looks live as the plan saw it: `when` says since what. */
function refuseIfStale(plan: Plan, live: LiveByKind, what: string, when: string): void {
  const stale = checkStale(plan, live);
  if (stale.length === 0) return;
  const count =
    plan.kinds.length === 1 ? plural(stale.length, kindNamed(plan.kinds[0] as KindName).noun) : plural(stale.length, 'resource');
  throw new UnsafePlanError(`${what} is stale: ${count} changed ${when} (${describeRefs(stale)}); nothing was applied; run plan again`);
}

/**
 * A saved plan, refused when made for another account or API host, when a name it resolved now
 * resolves to another SID (or none), when it does not hold together (an edited file: a migration
 * pair included), when the files no longer declare a migration it makes, when anything it touches
 * changed since it was made, when a live resource of another kind now holds an address it creates,
 * or when the current settings' guards refuse it, weighed against a fresh listing (the account cap
 * included). Redacted webhook credentials are taken back from the flow files (they must still
 * declare the same value).
 */
async function loadSavedPlan(
  file: string,
  flags: ApplyFlags,
  io: Io,
  { apiFor, target, connection }: ConnectedApi,
  settings: Settings,
  overrides: SafetyOverrides,
): Promise<{ plan: Plan; refusals: readonly string[]; notes: readonly string[] }> {
  const saved = parsePlanFile(await readPlanFile(file, io));
  const mismatch = targetMismatch(saved.target, target);
  if (mismatch !== undefined)
    throw new UnsafePlanError(`the saved plan ${file} ${mismatch}; nothing was applied; apply it where it was made, or run plan again`);
  await refuseChangedNames(saved.names ?? [], connection, file);
  const migrates = saved.changes.some((change) => change.action === 'delete' && change.migrated_to !== undefined);
  // The files are read for what the plan file cannot vouch for: the secrets it redacted, and that a file still asks for each migration.
  const desired =
    saved.redacted.length > 0 || migrates ? (await loadDesiredState({ ...desiredOptions(flags, io), settings })).resources : [];
  const plan = saved.redacted.length === 0 ? saved : restoreRedacted(saved, saved.redacted, desired);
  const problems = planInconsistencies(plan.changes);
  if (problems.length > 0) {
    throw new UnsafePlanError(
      `the saved plan ${file} does not hold together (was it edited?): ${problems.slice(0, 3).join('; ')}; nothing was applied; run plan again`,
    );
  }
  refuseUndeclaredMigrations(plan, desired, file);
  const [live, neighbours] = await Promise.all([listLive(apiFor, plan.kinds), listLive(apiFor, neighboursOf(plan.kinds))]);
  refuseIfStale(plan, live, `the saved plan ${file}`, 'since it was made');
  // The settings may have changed since, the account hold more resources, or the file been edited:
  // the guards are checked again, against what is live now and the settings as they are now, and so
  // is every address the plan creates (a Console flow may have taken it since). A saved migration's
  // plan deletes the resource it replaces itself, so no live holder is exempt (no declared migrated_from).
  return { ...weighPlan(plan, { desired: [], live, neighbours, settings, overrides }), notes: [] };
}

/**
 * A migration's delete is spared prune because a file asks for it by name (migrated_from); the plan
 * file, which anyone may edit, cannot vouch for that, so the files are asked, as a fresh plan asks
 * them. This also refuses a plan whose migration the files dropped since it was made (a reverted
 * migrate commit): a fresh plan would not delete that flow. The price is that such a plan applies
 * only beside the files it was made from, which apply needs anyway for the settings and redacted secrets.
 */
function refuseUndeclaredMigrations(plan: Plan, desired: readonly DesiredResource[], file: string): void {
  const undeclared = undeclaredMigrations(plan.changes, desired);
  if (undeclared.length === 0) return;
  const pairs = undeclared.map((change) => `${describeRef(change)} → ${JSON.stringify(change.migrated_to)}`);
  throw new UnsafePlanError(
    `the saved plan ${file} migrates ${listBounded(pairs)}, but no file declares that migration (migrated_from) now; nothing was applied; pass the --dir and --var-file the plan was made with, or run plan again`,
  );
}

/** The person's answer: `yes`, anything else, or Ctrl+C / Ctrl+D instead of an answer. */
async function confirm(io: Io, out: Io['stdout']): Promise<'yes' | 'no' | PromptCancelled['how']> {
  if (!io.stdinIsTTY) {
    throw new UserInputError(
      'stdin is not a terminal, so apply cannot ask for confirmation; review the plan and run again with --auto-approve',
    );
  }
  // The prompt goes to stderr: the blank line sets it apart from the plan above it on stdout.
  out.write('\n');
  try {
    const answer = await io.prompt('Apply these changes? Only "yes" is accepted: ');
    return answer.trim() === 'yes' ? 'yes' : 'no';
  } catch (error) {
    if (error instanceof PromptCancelled) return error.how;
    throw error;
  }
}

/**
 * FLEXFLOW_SYNC_CREATE_SETTLE_MS: how long apply waits after its creates before checking for copies
 * a concurrent apply made (default 1500 ms); tests against the emulator, where no other apply runs
 * unless the test starts one, set it lower.
 */
function createSettleMs(io: Io): number | undefined {
  const raw = io.env.FLEXFLOW_SYNC_CREATE_SETTLE_MS;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 60_000) {
    throw new UserInputError(
      `FLEXFLOW_SYNC_CREATE_SETTLE_MS must be a whole number of milliseconds from 0 to 60000, not ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

/** The exit status of an apply stopped by Ctrl+C, as shells report a SIGINT. */
const INTERRUPTED_EXIT = 130;

async function printOutcome(report: ApplyReport, view: ApplyView, io: Io, interrupted = false): Promise<void> {
  view.outcome(report, interrupted);
  await reportApplyToGitHub(report, io);
}

export const applyCommand = (io: Io, exit: ExitStatus): Command =>
  addPlanInputOptions(
    describedCommand('apply').argument('[PLANFILE]', 'a plan saved with `plan --out`; applied only if nothing it touches changed since'),
  )
    .option('--concurrency <n>', 'most API requests in flight', String(APPLY_DEFAULTS.concurrency))
    .option(
      '--migrate-concurrency <n>',
      'migrations (flow deleted, address configuration created) run at once',
      String(APPLY_DEFAULTS.migrateConcurrency),
    )
    .option('--dry-run', 'print every API call apply would make, and make none')
    .option('--auto-approve', 'apply without asking (required when stdin is not a terminal)')
    .addOption(new Option('--format <format>', 'text, or json: a versioned report on stdout').choices(APPLY_FORMATS).default('text'))
    .action(async (planFile: string | undefined, flags: ApplyFlags) => {
      refuseTargetsWithPlanFile(planFile, flags);
      const concurrency = parseConcurrency(flags.concurrency);
      const migrateConcurrency = parseConcurrency(flags.migrateConcurrency, '--migrate-concurrency');
      const settle = createSettleMs(io);
      const overrides = parseSafetyOverrides(flags);
      const view = applyView(flags.format, io, flags.color);
      const { out } = view;
      const settings = await loadSettingsFor(io, flags.config, flags.dir);
      const connected = await connectApi(io, flags, { concurrency, rateLimits: settings.rateLimits });
      const { apiFor } = connected;
      const { plan, refusals, notes } =
        planFile === undefined
          ? await planFromFiles(flags, io, connected, settings, overrides)
          : await loadSavedPlan(planFile, flags, io, connected, settings, overrides);
      printNotes(notes, io);
      view.plan(plan, refusals);
      if (refusals.length > 0) throw refusalError(refusals);
      const changes = plan.changes.filter(isExecutable);
      if (flags.dryRun) {
        view.dryRun(planApiCalls(plan));
        await reportDryRunToGitHub(plan, io);
        return;
      }
      if (changes.length === 0) {
        await printOutcome(executeNothing(), view, io);
        return;
      }
      const answer = flags.autoApprove ? 'yes' : await confirm(io, out);
      if (answer !== 'yes') {
        out.write(`${answer === 'no' ? '' : '\n'}Apply cancelled; nothing was changed.\n`);
        exit.code = answer === 'interrupt' ? INTERRUPTED_EXIT : 1;
        return;
      }
      // A Console edit made while the prompt waited must be refused, not silently overwritten.
      if (!flags.autoApprove) refuseIfStale(plan, await listLive(apiFor, plan.kinds), 'the plan', 'while the prompt waited');
      out.write('\n');
      const interrupt = new AbortController();
      const exposure = new Exposure();
      const stopListening = io.onInterrupt?.(
        () => {
          out.write(
            `\nInterrupted: no new change is started (a replacement already begun still creates); waiting up to ${APPLY_DEFAULTS.interruptGraceMs / 1000} s for those in flight (Ctrl+C again to exit at once).\n`,
          );
          interrupt.abort();
        },
        // Exiting mid-replacement leaves a resource deleted: the one thing a person must hear before the process goes.
        () => {
          for (const line of exposure.describe()) io.stderr.write(`error: exited at once: ${line}\n`);
        },
      );
      const progress = view.progress(changes.length);
      let report: ApplyReport;
      try {
        report = await executePlan(plan, plan.kinds.map(connected.quietApiFor), {
          concurrency,
          migrateConcurrency,
          exposure,
          onDone: progress.onDone,
          signal: interrupt.signal,
          ...(settle === undefined ? {} : { createSettleMs: settle }),
        });
      } finally {
        stopListening?.();
        progress.stop();
      }
      await printOutcome(report, view, io, interrupt.signal.aborted);
      exit.code = interrupt.signal.aborted ? INTERRUPTED_EXIT : isComplete(report.summary) ? 0 : 1;
    });

function executeNothing(): ApplyReport {
  return { format_version: APPLY_REPORT_FORMAT_VERSION, summary: summarize([]), results: [] };
}
