import { styleText } from 'node:util';
import type { Change, Plan } from '../plan/types.js';
import { ACTION_SYMBOL, IDENTITY_MOVES_TITLE, REFUSED_BANNER, flattenFields, formatName, formatValue, identityMoveLines, isHiddenChange, summaryLine } from './fields.js';

export interface TextOptions {
  /** ANSI colours (the CLI decides: see useColor). Default false. */
  readonly color?: boolean;
  /** Why the safety rails refuse this plan: shown in a banner under the summary. Default none. */
  readonly refusals?: readonly string[];
}

type Style = Parameters<typeof styleText>[0];

const STYLE: Readonly<Record<Change['action'] | 'dim' | 'bold' | 'refused', Style | undefined>> = Object.freeze({
  create: 'green',
  update: 'yellow',
  delete: 'red',
  noop: undefined,
  dim: 'dim',
  bold: 'bold',
  refused: ['bold', 'red'] as Style,
});

/** The caller decided whether to colour (by the stream it writes to), so styleText must not check process.stdout again. */
function paint(color: boolean, style: Style | undefined, text: string): string {
  return color && style !== undefined ? styleText(style, text, { validateStream: false }) : text;
}

function heading(change: Change): string {
  const name = formatName(change.friendly_name);
  switch (change.action) {
    case 'create':
      return `${ACTION_SYMBOL.create} ${name}`;
    case 'update': {
      const rename = change.renamed_from === undefined ? '' : `, renamed from ${formatName(change.renamed_from)}`;
      return `${ACTION_SYMBOL.update} ${name} (${change.before.sid}${rename})`;
    }
    case 'delete':
    case 'noop':
      return `${ACTION_SYMBOL[change.action]} ${name} (${change.before.sid})`;
  }
}

function details(change: Change): string[] {
  switch (change.action) {
    case 'create':
      return flattenFields(change.after)
        .filter(([path]) => path !== 'friendly_name')
        .map(([path, value]) => `${path}: ${formatValue(value)}`);
    case 'update':
      return change.changes.map((field) => {
        const hidden = isHiddenChange(field.before, field.after) ? ' (credentials changed, not shown)' : '';
        return `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}${hidden}`;
      });
    case 'delete':
    case 'noop':
      return [];
  }
}

/** Enough names to recognise the list; the rest is a count, so 3,000 flows stay readable. */
export const LISTED_NAMES = 20;

/** A titled count, then the names (already sorted by the plan) one per line, capped. */
function nameList(title: string, names: readonly string[]): string[] {
  const shown = names.slice(0, LISTED_NAMES).map((name) => `    ${formatName(name)}`);
  const rest = names.length - shown.length;
  return [`${title}: ${names.length} ${names.length === 1 ? 'flow' : 'flows'}`, ...shown, ...(rest > 0 ? [`    … and ${rest} more`] : [])];
}

/** The plan for a terminal: summary line, then each changed flow with its field changes. */
export function renderText(plan: Plan, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const lines = [paint(color, STYLE.bold, summaryLine(plan))];
  for (const refusal of options.refusals ?? []) lines.push(paint(color, STYLE.refused, `${REFUSED_BANNER}: ${refusal}`));
  for (const change of plan.changes) {
    if (change.action === 'noop') continue;
    lines.push('', paint(color, STYLE[change.action], heading(change)));
    for (const line of details(change)) lines.push(`    ${line}`);
  }
  const moves = identityMoveLines(plan);
  if (moves.length > 0) lines.push('', `${IDENTITY_MOVES_TITLE}:`, ...moves.map((line) => `    ${line}`));
  const lists: [string, readonly string[]][] = [
    ['Not managed, kept (no file declares them)', plan.unmanaged],
    ['Ignored', plan.ignored],
  ];
  for (const [title, names] of lists) {
    if (names.length === 0) continue;
    lines.push('', ...nameList(title, names).map((line) => paint(color, STYLE.dim, line)));
  }
  return `${lines.join('\n')}\n`;
}
