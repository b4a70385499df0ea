import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import ora from 'ora';
import type { FlexFlowsApi } from '../../api/types.js';
import { formatApiCalls, planApiCalls } from '../../apply/calls.js';
import { APPLY_DEFAULTS, type ApplyOptions, executePlan } from '../../apply/execute.js';
import { APPLY_REPORT_FORMAT_VERSION, type ApplyReport, isExecutable, progressText, resultLine, summaryLine } from '../../apply/report.js';
import { checkStale } from '../../apply/stale.js';
import { UnsafePlanError, UserInputError } from '../../errors.js';
import { restoreRedacted } from '../../plan/redact.js';
import type { Plan } from '../../plan/types.js';
import { parsePlanJson } from '../../render/json.js';
import { renderText } from '../../render/text.js';
import { reportApplyToGitHub, reportDryRunToGitHub } from '../github.js';
import { type Io, useColor } from '../io.js';
import { type ExitStatus, describedCommand } from './command.js';
import type { Settings } from '../../settings/types.js';
import { connectApi } from '../connect.js';
import { loadDesiredState, loadSettingsFor } from '../pipeline.js';
import { addPlanInputOptions, desiredOptions, parseDeleteFraction, planFromFiles, type PlanInputFlags } from '../planInputs.js';
import { plural } from '../plural.js';

const APPLY_FORMATS = ['text', 'json'] as const;
type ApplyFormat = (typeof APPLY_FORMATS)[number];

interface ApplyFlags extends PlanInputFlags {
  concurrency: string;
  dryRun?: boolean;
  autoApprove?: boolean;
  format: ApplyFormat;
}

const MAX_CONCURRENCY = 100;

function parseConcurrency(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > MAX_CONCURRENCY) {
    throw new UserInputError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * A saved plan, refused when anything it touches changed since it was made. Redacted webhook
 * credentials are taken back from the flow files (they must still declare the same value).
 */
async function loadSavedPlan(file: string, flags: ApplyFlags, io: Io, api: FlexFlowsApi, settings: Settings): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UserInputError(`cannot read plan file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}; make one with \`flexflow-sync plan --out ${file}\``);
  }
  const saved = parsePlanJson(text);
  const plan = saved.redacted.length === 0 ? saved : restoreRedacted(saved, saved.redacted, (await loadDesiredState({ ...desiredOptions(flags, io), settings })).flows);
  const stale = checkStale(plan, await api.list());
  if (stale.length > 0) {
    throw new UnsafePlanError(
      `the saved plan ${file} is stale: ${plural(stale.length, 'flow')} changed since it was made ` +
        `(${stale.map((name) => JSON.stringify(name)).join(', ')}); nothing was applied; run plan again`,
    );
  }
  return plan;
}

async function confirm(io: Io, out: Io['stdout']): Promise<boolean> {
  if (!io.stdinIsTTY) {
    throw new UserInputError('stdin is not a terminal, so apply cannot ask for confirmation; review the plan and run again with --auto-approve');
  }
  // The prompt goes to stderr: the blank line sets it apart from the plan above it on stdout.
  out.write('\n');
  const answer = await io.prompt('Apply these changes? Only "yes" is accepted: ');
  return answer.trim() === 'yes';
}

/**
 * Progress: one line per finished flow; on a terminal (not CI) a spinner with counts stays below
 * them, so the terminal ends with every flow's result, then the counts.
 */
function progressFor(io: Io, out: Io['stdout'], total: number): Pick<ApplyOptions, 'onDone'> & { stop(): void } {
  let done = 0;
  let failed = 0;
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  if (ci || !out.isTTY) {
    return { onDone: (result) => void out.write(`${resultLine(result)}\n`), stop: () => undefined };
  }
  const spinner = ora({ stream: out, text: progressText(0, total, 0), isEnabled: true, discardStdin: false }).start();
  return {
    onDone: (result) => {
      done += 1;
      if (result.status === 'failed') failed += 1;
      spinner.clear();
      out.write(`${resultLine(result)}\n`);
      spinner.text = progressText(done, total, failed);
      spinner.render();
    },
    stop: () => {
      const text = progressText(done, total, failed);
      if (failed > 0) spinner.fail(text);
      else spinner.succeed(text);
    },
  };
}

async function printOutcome(report: ApplyReport, format: ApplyFormat, io: Io, out: Io['stdout']): Promise<void> {
  out.write(`${summaryLine(report.summary)}\n`);
  const failures = report.results.filter((result) => result.status === 'failed');
  if (failures.length > 0) {
    out.write(`\nFailed (${failures.length}):\n`);
    for (const result of failures) out.write(`  ${resultLine(result)}\n`);
  }
  if (format === 'json') io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await reportApplyToGitHub(report, io);
}

export const applyCommand = (io: Io, exit: ExitStatus): Command =>
  addPlanInputOptions(
    describedCommand('apply')
      .argument('[PLANFILE]', 'a plan saved with `plan --out`; applied only if nothing it touches changed since'),
  )
    .option('--concurrency <n>', 'most API requests in flight', String(APPLY_DEFAULTS.concurrency))
    .option('--dry-run', 'print every API call apply would make, and make none')
    .option('--auto-approve', 'apply without asking (required when stdin is not a terminal)')
    .addOption(new Option('--format <format>', 'text, or json: a versioned report on stdout').choices(APPLY_FORMATS).default('text'))
    .action(async (planFile: string | undefined, flags: ApplyFlags) => {
      const concurrency = parseConcurrency(flags.concurrency);
      const maxDeleteFraction = parseDeleteFraction(flags.maxDeleteFraction);
      // With --format json, stdout carries only the JSON document; people read stderr.
      const out = flags.format === 'json' ? io.stderr : io.stdout;
      const settings = await loadSettingsFor(io, flags.config);
      const api = connectApi(io, flags.apiUrl, { concurrency, rateLimits: settings.rateLimits });
      const plan =
        planFile === undefined ? await planFromFiles(flags, io, api, settings, maxDeleteFraction) : await loadSavedPlan(planFile, flags, io, api, settings);
      out.write(renderText(plan, { color: useColor(io, flags.format === 'json' ? 'stderr' : 'stdout') }));
      const changes = plan.changes.filter(isExecutable);
      if (flags.dryRun) {
        const calls = planApiCalls(plan);
        out.write(`\n${formatApiCalls(calls)}`);
        if (flags.format === 'json') io.stdout.write(`${JSON.stringify({ format_version: APPLY_REPORT_FORMAT_VERSION, dry_run: true, calls }, null, 2)}\n`);
        await reportDryRunToGitHub(plan, io);
        return;
      }
      if (changes.length === 0) {
        await printOutcome(executeNothing(), flags.format, io, out);
        return;
      }
      if (!flags.autoApprove && !(await confirm(io, out))) {
        out.write('Apply cancelled; nothing was changed.\n');
        exit.code = 1;
        return;
      }
      out.write('\n');
      const progress = progressFor(io, out, changes.length);
      let report: ApplyReport;
      try {
        report = await executePlan(plan, api, { concurrency, onDone: progress.onDone });
      } finally {
        progress.stop();
      }
      await printOutcome(report, flags.format, io, out);
      exit.code = report.summary.failed > 0 ? 1 : 0;
    });

function executeNothing(): ApplyReport {
  return { format_version: APPLY_REPORT_FORMAT_VERSION, summary: { created: 0, updated: 0, deleted: 0, failed: 0 }, results: [] };
}
