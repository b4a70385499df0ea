import { styleText } from 'node:util';
import type { KindName } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
import type { Change, Plan, ResourceRef } from '../plan/types.js';
import { formatName } from '../printable.js';
import {
  ACTION_SYMBOL,
  IDENTITY_MOVES_TITLE,
  MIGRATIONS_TITLE,
  REFUSED_BANNER,
  countOf,
  flattenFields,
  leftOut,
  formatValue,
  groupsByKind,
  identityMoveLines,
  migrationLines,
  isHiddenChange,
  kindHeading,
  kindSummaryLines,
  namedFields,
  replacementReasons,
  summaryLine,
} from './fields.js';

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
  replace: 'magenta',
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
  const name = formatName(change.key);
  switch (change.action) {
    case 'create':
      return `${ACTION_SYMBOL.create} ${name}`;
    case 'update': {
      const rename = change.renamed_from === undefined ? '' : `, renamed from ${formatName(change.renamed_from)}`;
      return `${ACTION_SYMBOL.update} ${name} (${change.before.sid}${rename})`;
    }
    case 'replace':
    case 'delete':
    case 'noop':
      return `${ACTION_SYMBOL[change.action]} ${name} (${change.before.sid})`;
  }
}

/** ` (Studio flow "Inbound SMS")` after a SID the file gave by name. */
function namedAs(named: ReadonlyMap<string, string>, path: string): string {
  const name = named.get(path);
  return name === undefined ? '' : ` (${name})`;
}

function fieldChangeLine(field: { path: string; before: unknown; after: unknown }, named: ReadonlyMap<string, string>): string {
  const hidden = isHiddenChange(field.before, field.after) ? ' (credentials changed, not shown)' : '';
  return `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)}${namedAs(named, field.path)}${hidden}`;
}

function details(change: Change, named: ReadonlyMap<string, string>): string[] {
  const line = (field: { path: string; before: unknown; after: unknown }) => fieldChangeLine(field, named);
  switch (change.action) {
    case 'create': {
      const kind = kindNamed(change.kind);
      return flattenFields(kind, change.after)
        .filter(([path]) => path !== kind.key)
        .map(([path, value]) => `${path}: ${formatValue(value)}${namedAs(named, path)}`);
    }
    case 'update':
      return change.changes.map(line);
    case 'replace':
      return [...replacementReasons(change), ...change.changes.filter((field) => !change.forced_by.includes(field.path)).map(line)];
    case 'delete':
    case 'noop':
      return [];
  }
}

/** Enough names to recognise the list; the rest is a count, so 3,000 flows stay readable. */
export const LISTED_NAMES = 20;

/** A titled count per kind, then the keys (already sorted by the plan) one per line, capped. */
function nameList(title: string, refs: readonly ResourceRef[]): string[] {
  const lines: string[] = [];
  for (const kind of new Set(refs.map((ref) => ref.kind))) {
    const keys = refs.filter((ref) => ref.kind === kind).map((ref) => ref.key);
    const shown = keys.slice(0, LISTED_NAMES).map((key) => `    ${formatName(key)}`);
    const rest = keys.length - shown.length;
    lines.push(`${title}: ${countOf(keys.length, kind)}`, ...shown, ...(rest > 0 ? [`    … and ${rest} more`] : []));
  }
  return lines;
}

/** The plan for a terminal: summary line, then each changed resource with its field changes, under a heading per kind when more than one kind changes. */
export function renderText(plan: Plan, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const lines = [paint(color, STYLE.bold, summaryLine(plan)), ...kindSummaryLines(plan).map((line) => `    ${line}`)];
  for (const refusal of options.refusals ?? []) lines.push(paint(color, STYLE.refused, `${REFUSED_BANNER}: ${refusal}`));
  const migrations = migrationLines(plan);
  if (migrations.length > 0) lines.push('', `${MIGRATIONS_TITLE}:`, ...migrations.map((line) => `    ${line}`));
  const headed = groupsByKind(plan);
  let kind: KindName | undefined;
  for (const change of plan.changes) {
    if (change.action === 'noop') continue;
    if (headed && change.kind !== kind) lines.push('', paint(color, STYLE.bold, `${kindHeading(change.kind)}:`));
    kind = change.kind;
    lines.push('', paint(color, STYLE[change.action], heading(change)));
    for (const line of details(change, namedFields(plan, change))) lines.push(`    ${line}`);
  }
  const moves = identityMoveLines(plan);
  if (moves.length > 0) lines.push('', `${IDENTITY_MOVES_TITLE}:`, ...moves.map((line) => `    ${line}`));
  const lists: [string, readonly ResourceRef[]][] = [
    ['Not managed, kept (no file declares them)', plan.unmanaged],
    ['Ignored', plan.ignored],
  ];
  for (const [title, names] of lists) {
    if (names.length === 0) continue;
    lines.push('', ...nameList(title, names).map((line) => paint(color, STYLE.dim, line)));
  }
  const left = leftOut(plan);
  if (left !== undefined) {
    const shown = left.lines.slice(0, LISTED_NAMES).map((line) => `    ${line}`);
    const rest = left.lines.length - shown.length;
    lines.push('', `${left.title}${left.lines.length > 0 ? ':' : ''}`, ...shown, ...(rest > 0 ? [`    … and ${rest} more`] : []));
  }
  return `${lines.join('\n')}\n`;
}
