import type { Plan } from '../plan/types.js';
import { GITHUB_COMMENT_MAX_LENGTH, escapeMarkdown, fenceFor, renderMarkdown } from '../render/markdown.js';
import type { ActionCommand } from './inputs.js';

/**
 * The sticky pull-request comment and the job summary of one action step, as Markdown. Pure: the
 * caller decides where the text goes. Every rendering stays within the length it is given, its
 * marker and heading included.
 */

/** The comment's first line: one per environment, so a matrix of accounts keeps one comment each. */
export function commentMarker(environment: string): string {
  return `<!-- flexflow-sync-plan:${environment} -->`;
}

function commentTitle(command: ActionCommand, environment: string): string {
  return `flexflow-sync ${command}: ${escapeMarkdown(environment)}`;
}

/** A successful plan: the plan itself, cut (from the end, with a note) to `maxLength`. */
export function renderPlanComment(plan: Plan, environment: string, maxLength: number = GITHUB_COMMENT_MAX_LENGTH): string {
  return renderMarkdown(plan, {
    marker: commentMarker(environment),
    title: commentTitle('plan', environment),
    maxLength,
    fullPlanHint: 'The job summary of this run has the full plan.',
  });
}

/** What one run of the CLI came to, for a comment or a job summary that is not a successful plan. */
export interface RunOutcome {
  readonly command: ActionCommand;
  readonly environment: string;
  readonly succeeded: boolean;
  /** One line, e.g. `3 flows in 1 file: valid` or `plan failed: 2 problems in the flow files; …`. */
  readonly summary: string;
  /** What the CLI printed, in order, without workflow commands; shown when the run failed. */
  readonly log: readonly string[];
}

export interface RunMarkdownOptions {
  /** A first line for a sticky comment; none for a job summary. */
  readonly marker?: string;
  readonly maxLength: number;
}

/** Long enough for any one-line summary the CLI writes; a longer one is cut so the heading always fits. */
const MAX_SUMMARY_LENGTH = 1_000;

function headline(summary: string): string {
  const line = summary.length > MAX_SUMMARY_LENGTH ? `${summary.slice(0, MAX_SUMMARY_LENGTH)}…` : summary;
  return `**${escapeMarkdown(line)}**\n`;
}

/**
 * The heading and summary line of a run; when it failed, the CLI's output in a code block, whole
 * lines kept from the top while they fit, and a note saying how many more are in the step's log.
 */
export function renderRunMarkdown(outcome: RunOutcome, options: RunMarkdownOptions): string {
  const head = `${options.marker === undefined ? '' : `${options.marker}\n`}## ${commentTitle(outcome.command, outcome.environment)}\n\n${headline(outcome.summary)}`;
  if (outcome.succeeded || outcome.log.length === 0) return head;
  const fence = fenceFor(outcome.log.join('\n'));
  const open = `\n${fence}text\n`;
  const close = `${fence}\n`;
  const note = (omitted: number): string => `\n${omitted} more ${omitted === 1 ? 'line is' : 'lines are'} in the log of this step.\n`;
  const room = options.maxLength - head.length - open.length - close.length;
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of outcome.log.entries()) {
    const rest = outcome.log.length - index - 1;
    const needed = used + line.length + 1 + (rest === 0 ? 0 : note(rest).length);
    if (needed > room) break;
    kept.push(line);
    used += line.length + 1;
  }
  const omitted = outcome.log.length - kept.length;
  const block = kept.length === 0 ? '' : `${open}${kept.map((line) => `${line}\n`).join('')}${close}`;
  return `${head}${block}${omitted === 0 ? '' : note(omitted)}`;
}
