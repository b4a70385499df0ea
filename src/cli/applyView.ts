/**
 * How apply shows what it does, chosen once by `--format` (as Terraform's `views.NewApply(viewType)`):
 * the command hands the view data (a plan, calls, results, a report) and never asks which format it has.
 */
import { styleText } from 'node:util';
import ora from 'ora';
import { type ApiCall } from '../apply/calls.js';
import type { ApplyOptions } from '../apply/execute.js';
import { APPLY_REPORT_FORMAT_VERSION, type ApplyReport, type ChangeResult } from '../apply/report.js';
import type { Plan } from '../plan/types.js';
import { applySummaryLine, formatApiCalls, progressText, resultLine } from '../render/apply.js';
import { renderText } from '../render/text.js';
import { type Io, isInteractive, useColor, writeJsonDocument } from './io.js';

export const APPLY_FORMATS = ['text', 'json'] as const;
export type ApplyFormat = (typeof APPLY_FORMATS)[number];

/** Progress of a running apply: one call per finished change, then `stop` once. */
type ApplyProgress = Required<Pick<ApplyOptions, 'onDone'>> & { stop(): void };

export interface ApplyView {
  /** Where a person reads apply: the plan, the prompt, progress, cancellation and the outcome. */
  readonly out: Io['stdout'];
  plan(plan: Plan, refusals: readonly string[]): void;
  /** `--dry-run`: the calls apply would make. */
  dryRun(calls: readonly ApiCall[]): void;
  progress(total: number): ApplyProgress;
  /** The end of an apply that ran (or had nothing to do); `interrupted`: stopped by Ctrl+C. */
  outcome(report: ApplyReport, interrupted?: boolean): void;
}

/** A result's line, if it has one (a completed migration's create has none: its flow's line follows). */
function writeLine(out: Io['stdout'], line: string | undefined): void {
  if (line !== undefined) out.write(`${line}\n`);
}

/**
 * Progress: one line per finished change; on a terminal (not CI) a spinner with counts stays below
 * them, so the terminal ends with every change's result, then the counts.
 */
function progressOn(io: Io, stream: 'stdout' | 'stderr', total: number, color: boolean): ApplyProgress {
  const out = io[stream];
  let done = 0;
  let failed = 0;
  if (!isInteractive(io, stream)) {
    return { onDone: (result) => void writeLine(out, resultLine(result)), stop: () => undefined };
  }
  const spinner = ora({
    stream: out,
    text: progressText(0, total, 0),
    isEnabled: true,
    discardStdin: false,
    color: color ? 'cyan' : false,
  }).start();
  return {
    onDone: (result) => {
      done += 1;
      if (result.status === 'failed') failed += 1;
      spinner.clear();
      writeLine(out, resultLine(result));
      spinner.text = progressText(done, total, failed);
      spinner.render();
    },
    stop: () => {
      // ora's succeed()/fail() colour their symbol by the process's own terminal, not by this stream and --no-color.
      const [symbol, style] = failed > 0 ? (['✖', 'red'] as const) : (['✔', 'green'] as const);
      spinner.stopAndPersist({
        symbol: color ? styleText(style, symbol, { validateStream: false }) : symbol,
        text: progressText(done, total, failed),
      });
    },
  };
}

// The progress lines came as each change landed; a copy healed after a concurrent apply changed its SID since.
const OUTCOME_SECTIONS = [
  ['Failed', (result: ChangeResult) => result.status === 'failed'],
  ['Restored', (result: ChangeResult) => result.status === 'restored'],
  ['Skipped', (result: ChangeResult) => result.status === 'skipped'],
  ['Unknown', (result: ChangeResult) => result.status === 'unknown'],
  ['Kept the copy of a concurrent apply', (result: ChangeResult) => result.status === 'applied' && result.duplicate_removed !== undefined],
] as const;

function outcomeText(report: ApplyReport, interrupted = false): string {
  let text = `${applySummaryLine(report.summary, interrupted)}\n`;
  for (const [title, belongs] of OUTCOME_SECTIONS) {
    const listed = report.results.filter(belongs);
    if (listed.length === 0) continue;
    text += `\n${title} (${listed.length}):\n${listed.map((result) => `  ${resultLine(result) ?? ''}\n`).join('')}`;
  }
  return text;
}

/** Everything as text on `stream`. */
function textView(io: Io, stream: 'stdout' | 'stderr', colorFlag: boolean): ApplyView {
  const out = io[stream];
  const color = useColor(io, stream, colorFlag);
  return {
    out,
    plan: (plan, refusals) => void out.write(renderText(plan, { color, refusals })),
    dryRun: (calls) => void out.write(`\n${formatApiCalls(calls)}`),
    progress: (total) => progressOn(io, stream, total, color),
    outcome: (report, interrupted) => void out.write(outcomeText(report, interrupted)),
  };
}

/** stdout carries only one versioned JSON document, for a machine; people read the text on stderr. */
function jsonView(io: Io, colorFlag: boolean): ApplyView {
  const text = textView(io, 'stderr', colorFlag);
  return {
    ...text,
    dryRun: (calls) => {
      text.dryRun(calls);
      writeJsonDocument(io.stdout, { format_version: APPLY_REPORT_FORMAT_VERSION, dry_run: true, calls });
    },
    outcome: (report, interrupted) => {
      text.outcome(report, interrupted);
      writeJsonDocument(io.stdout, report);
    },
  };
}

const VIEWS: Readonly<Record<ApplyFormat, (io: Io, colorFlag: boolean) => ApplyView>> = {
  text: (io, colorFlag) => textView(io, 'stdout', colorFlag),
  json: jsonView,
};

export function applyView(format: ApplyFormat, io: Io, colorFlag: boolean): ApplyView {
  return VIEWS[format](io, colorFlag);
}
