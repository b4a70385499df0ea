import type { ApplyReport, ChangeResult } from '../apply/report.js';
import { applySummaryLine } from './apply.js';
import { DEFAULT_KIND, kindNamed } from '../model/kinds.js';
import { ACTION_SYMBOL, formatRef } from './fields.js';
import { escapeMarkdown } from './escapeMarkdown.js';
import { renderErrorAnnotations } from './annotations.js';

/**
 * Apply reports for GitHub Actions as text: failure annotations, the step summary's Markdown and the
 * output file. Pure: the CLI edge decides where the text goes. The workflow commands themselves and
 * their escaping are annotations.ts.
 */

/** A step summary larger than this (1 MiB) is refused by the runner and the step's summary is lost. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

/** Failed changes of an apply as error annotations, one per resource. */
export function renderApplyFailureAnnotations(report: ApplyReport, maxErrors?: number): string {
  const errors = report.results.flatMap((result) =>
    result.status === 'failed'
      ? [
          {
            message: `${result.action} ${formatRef(result)} failed: ${result.error?.message ?? 'unknown error'}`,
            properties: { title: 'flexflow-sync apply' },
          },
        ]
      : [],
  );
  return renderErrorAnnotations(errors, maxErrors);
}

function applyOutcome(result: ChangeResult): string {
  switch (result.status) {
    case 'applied':
      if (result.migrated_to_sid !== undefined)
        return `migrated to <code>${escapeMarkdown(result.migrated_to ?? '')}</code> (${result.migrated_to_sid})`;
      return result.adopted === true ? `applied (${escapeMarkdown(result.reason ?? 'adopted')})` : 'applied';
    case 'failed':
      return `**failed**: ${escapeMarkdown(result.error?.message ?? 'unknown error')}`;
    case 'skipped':
    case 'unknown':
    case 'restored':
      return `**${result.status}**: ${escapeMarkdown(result.reason ?? '')}`;
  }
}

/**
 * The apply report as a Markdown table for the step summary, names and messages escaped. Rows that
 * would take it past `maxLength` are left out from the end, and a line says how many.
 */
export function renderApplyMarkdown(report: ApplyReport, maxLength: number = Number.POSITIVE_INFINITY): string {
  const head = `## flexflow-sync apply\n\n**${applySummaryLine(report.summary)}**\n`;
  if (report.results.length === 0) return head;
  const rows = report.results.map((result) => {
    const outcome = applyOutcome(result);
    const noun = result.kind === DEFAULT_KIND ? '' : `${kindNamed(result.kind).noun} `;
    return `| ${ACTION_SYMBOL[result.action]} ${result.action} | ${noun}${escapeMarkdown(result.key)} | ${result.sid ?? ''} | ${outcome} |\n`;
  });
  const kinds = new Set(report.results.map((result) => result.kind));
  const [only] = kinds;
  const column = kinds.size === 1 && only !== undefined ? kindNamed(only).noun : 'resource';
  const tableHead = `${head}\n| action | ${column} | sid | result |\n| --- | --- | --- | --- |\n`;
  const omittedNote = (count: number) =>
    `\n${count} more ${count === 1 ? 'result is' : 'results are'} not shown: see the log of this step.\n`;
  let text = tableHead;
  for (const [index, row] of rows.entries()) {
    const rest = rows.length - index - 1;
    const tail = rest === 0 ? '' : omittedNote(rest);
    if (text.length + row.length + tail.length > maxLength) return text + omittedNote(rows.length - index);
    text += row;
  }
  return text;
}

/**
 * `$GITHUB_OUTPUT` text for the given outputs, each in the multi-line form `name<<DELIM`, value,
 * `DELIM`, so that a value with newlines cannot add outputs of its own. `newDelimiter` is asked
 * again until its answer appears in neither the name nor the value.
 */
export function renderOutputFile(outputs: Readonly<Record<string, string>>, newDelimiter: () => string): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      let delimiter = newDelimiter();
      while (name.includes(delimiter) || value.includes(delimiter)) delimiter = newDelimiter();
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

/**
 * The longest rendering that fits in `maxBytes` of UTF-8, or '' if none does. The Markdown renderer
 * bounds its output in UTF-16 code units while the runner counts bytes, so a plan full of non-ASCII
 * names is rendered again with a proportionally smaller bound until it fits.
 */
export function fitToBytes(render: (maxLength: number) => string, maxBytes: number): string {
  for (let maxLength = maxBytes; maxLength > 0;) {
    const text = render(maxLength);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= maxBytes) return text;
    maxLength = Math.floor((maxLength * maxBytes) / bytes) - 1;
  }
  return '';
}
