import type { Plan } from '../plan/types.js';
import { escapeMarkdown } from '../render/escapeMarkdown.js';
import { GITHUB_COMMENT_MAX_LENGTH, fenceFor, renderMarkdown } from '../render/markdown.js';
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
    fullPlanHint: 'The job summary of this run shows more of it (up to 1 MiB), and the saved plan file (the plan-file output) all of it.',
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
 * The heading and summary line of a run; when it failed, the CLI's output in a code block. A long
 * output keeps its last lines, where the CLI says what went wrong (the error, the failed flows),
 * and a note says how many earlier ones are in the step's log.
 */
export function renderRunMarkdown(outcome: RunOutcome, options: RunMarkdownOptions): string {
  const head = `${options.marker === undefined ? '' : `${options.marker}\n`}## ${commentTitle(outcome.command, outcome.environment)}\n\n${headline(outcome.summary)}`;
  if (outcome.succeeded || outcome.log.length === 0) return head;
  const fence = fenceFor(outcome.log.join('\n'));
  const open = `\n${fence}text\n`;
  const close = `${fence}\n`;
  const note = (omitted: number): string => `\n${omitted} earlier ${omitted === 1 ? 'line is' : 'lines are'} in the log of this step.\n`;
  const room = options.maxLength - head.length - open.length - close.length;
  let first = outcome.log.length;
  let used = 0;
  while (first > 0) {
    const line = outcome.log[first - 1] ?? '';
    const earlier = first - 1;
    if (used + line.length + 1 + (earlier === 0 ? 0 : note(earlier).length) > room) break;
    used += line.length + 1;
    first = earlier;
  }
  const kept = outcome.log.slice(first);
  const block = kept.length === 0 ? '' : `${open}${kept.map((line) => `${line}\n`).join('')}${close}`;
  return `${head}${first === 0 ? '' : note(first)}${block}`;
}
