import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApplyReport } from '../apply/report.js';
import { applySummaryLine } from '../render/apply.js';
import type { Plan } from '../plan/types.js';
import { hasChanges, summaryLine } from '../render/fields.js';
import {
  STEP_SUMMARY_MAX_BYTES,
  fitToBytes,
  renderApplyFailureAnnotations,
  renderApplyMarkdown,
  renderOutputFile,
} from '../render/github.js';
import { GITHUB_COMMENT_MAX_LENGTH, renderMarkdown } from '../render/markdown.js';
import { inGitHubActions, writeWorkflowCommands } from './commandGuard.js';
import type { Io } from './io.js';

/**
 * What plan and apply add when they run inside GitHub Actions: failure annotations, the plan or the
 * results in the step summary, outputs for later steps. Every function here does nothing outside
 * Actions. Validation problems are annotated by githubAnnotations.ts.
 */

/** A file command's target, or undefined when the runner did not provide one (older runners, local act). */
function fileCommandPath(io: Io, name: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY'): string | undefined {
  const file = io.env[name];
  return file === undefined || file === '' ? undefined : path.resolve(io.cwd, file);
}

/** Appends step outputs to `$GITHUB_OUTPUT`, each in heredoc form with a fresh random delimiter. */
export async function writeGitHubOutputs(
  outputs: Readonly<Record<string, string>>,
  io: Io,
  newDelimiter: () => string = () => `ghadelimiter_${randomUUID()}`,
): Promise<void> {
  const file = fileCommandPath(io, 'GITHUB_OUTPUT');
  if (!inGitHubActions(io) || file === undefined) return;
  await appendFile(file, renderOutputFile(outputs, newDelimiter), 'utf8');
}

/** Appends Markdown to the step summary (the caller keeps it under STEP_SUMMARY_MAX_BYTES). */
export async function appendStepSummary(markdown: string, io: Io): Promise<void> {
  const file = fileCommandPath(io, 'GITHUB_STEP_SUMMARY');
  if (!inGitHubActions(io) || file === undefined) return;
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
}

export interface PlanReportOptions {
  /** Where `plan --out` saved the plan, as given on the command line (relative to io.cwd). */
  readonly planFile?: string | undefined;
  /** Why the safety rails refuse the plan: shown above it, so the pull request has it to review. */
  readonly refusals?: readonly string[];
  /** Notes of the plan (a `migrated_from` to remove): shown under its summary. */
  readonly notes?: readonly string[];
}

/** What the comment-sized Markdown leaves free of GitHub's limit, for a workflow's own lines above it (drift.yml's). */
const MARKDOWN_FILE_PREFIX_ROOM = 1_024;

/**
 * Where the comment-sized Markdown goes: a new folder of its own in the runner's temp folder (or the
 * system's), never beside the saved plan, where `--out README.json` once overwrote README.md.
 */
async function markdownFilePath(io: Io): Promise<string> {
  const temp = io.env.RUNNER_TEMP;
  const folder = await mkdtemp(path.join(temp === undefined || temp === '' ? tmpdir() : temp, 'flexflow-sync-'));
  return path.join(folder, 'plan.md');
}

/**
 * The plan in the step summary (in full, up to GitHub's 1 MiB), a copy cut to one pull-request
 * comment in a file for the workflow to post, and the outputs `has-changes`, `plan-file`,
 * `markdown-file` and `summary`.
 */
export async function reportPlanToGitHub(plan: Plan, options: PlanReportOptions, io: Io): Promise<void> {
  if (!inGitHubActions(io)) return;
  const planFile = options.planFile === undefined ? undefined : path.resolve(io.cwd, options.planFile);
  const fullPlanHint =
    planFile === undefined
      ? 'Run `flexflow-sync plan` to see the full plan.'
      : `The full plan is in the saved plan file, ${path.basename(planFile)}.`;
  const refusals = options.refusals ?? [];
  const notes = options.notes ?? [];
  await appendStepSummary(
    fitToBytes((maxLength) => renderMarkdown(plan, { maxLength, fullPlanHint, refusals, notes }), STEP_SUMMARY_MAX_BYTES),
    io,
  );
  const markdownFile = await markdownFilePath(io);
  await writeFile(
    markdownFile,
    renderMarkdown(plan, { maxLength: GITHUB_COMMENT_MAX_LENGTH - MARKDOWN_FILE_PREFIX_ROOM, refusals, notes }),
    { flag: 'wx' },
  );
  await writeGitHubOutputs(
    {
      'has-changes': String(hasChanges(plan)),
      'plan-file': planFile ?? '',
      'markdown-file': markdownFile,
      summary: summaryLine(plan),
    },
    io,
  );
}

/** Failed changes as annotations, the results in the step summary, and the outputs `has-changes` and `summary`. */
export async function reportApplyToGitHub(report: ApplyReport, io: Io): Promise<void> {
  if (!inGitHubActions(io)) return;
  writeWorkflowCommands(io.stderr, renderApplyFailureAnnotations(report));
  await appendStepSummary(
    fitToBytes((maxLength) => renderApplyMarkdown(report, maxLength), STEP_SUMMARY_MAX_BYTES),
    io,
  );
  const { migrated, created, updated, replaced, deleted } = report.summary;
  await writeGitHubOutputs(
    { 'has-changes': String(migrated + created + updated + replaced + deleted > 0), summary: applySummaryLine(report.summary) },
    io,
  );
}

/** `apply --dry-run` changes nothing, but a later step may still branch on whether there is work. */
export async function reportDryRunToGitHub(plan: Plan, io: Io): Promise<void> {
  await writeGitHubOutputs({ 'has-changes': String(hasChanges(plan)), summary: `Dry run, nothing applied: ${summaryLine(plan)}` }, io);
}
