import { diffLines } from 'diff';
import { stringify } from 'yaml';
import type { KindName, ResourceFields } from '../model/kind.js';
import { DEFAULT_KIND, kindNamed } from '../model/kinds.js';
import { redactDeep } from '../plan/redact.js';
import type { Change, Plan, PlanSummary, ResourceRef } from '../plan/types.js';
import { escapeMarkdown } from './escapeMarkdown.js';
import {
  IDENTITY_MOVES_TITLE,
  MIGRATIONS_WARNING,
  REFUSED_BANNER,
  groupsByKind,
  hasChanges,
  identityMoveLines,
  migrationLines,
  isHiddenChange,
  kindHeading,
  leftOut,
  managedBefore,
  namedFields,
  orderFields,
  replacementReasons,
  summaryKinds,
  summaryLine,
} from './fields.js';

export interface MarkdownOptions {
  /** Longest output, in UTF-16 code units. Default 65,536 (a GitHub comment); a step summary takes 1 MiB. */
  readonly maxLength?: number;
  /** Where the full plan can be read, shown when the output is cut short. */
  readonly fullPlanHint?: string;
  /** The first line, by which a workflow finds its comment; default PLAN_COMMENT_MARKER. */
  readonly marker?: string;
  /** The heading, as Markdown; default `flexflow-sync plan`. */
  readonly title?: string;
  /** Why the safety rails refuse this plan: shown in a caution block under the title. Default none. */
  readonly refusals?: readonly string[];
  /** What the person may tidy (a `migrated_from` left after its migration): shown under the summary, never a change. Default none. */
  readonly notes?: readonly string[];
}

/** The first line of every plan comment, so a workflow can find and update its one sticky comment. */
export const PLAN_COMMENT_MARKER = '<!-- flexflow-sync-plan -->';

/** GitHub refuses a pull-request or issue comment longer than this. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536;

const DEFAULT_MARKDOWN_OPTIONS = Object.freeze({
  maxLength: GITHUB_COMMENT_MAX_LENGTH,
  fullPlanHint: 'Run `flexflow-sync plan` or see the job summary for the full plan.',
  marker: PLAN_COMMENT_MARKER,
  title: 'flexflow-sync plan',
});

/** In the field table's order, as the text plan lists them, whatever order the file used. */
function toYaml(kind: KindName, fields: ResourceFields): string {
  return stringify(redactDeep(orderFields(kindNamed(kind), fields)), { lineWidth: 0 });
}

function yamlPair(change: Change): [string, string] {
  switch (change.action) {
    case 'create':
      return ['', toYaml(change.kind, change.after)];
    case 'update':
    case 'replace':
      return [toYaml(change.kind, managedBefore(change)), toYaml(change.kind, change.after)];
    case 'delete':
    case 'noop':
      return [toYaml(change.kind, change.before.fields), ''];
  }
}

/** A fence longer than any run of backticks in the content, so a value cannot close the block. */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function diffBlock(change: Change): string {
  const [before, after] = yamlPair(change);
  const lines: string[] = [];
  // A create or delete is one block of + or - lines; only an update needs a line diff.
  const parts =
    before === '' || after === '' ? [{ value: before || after, added: after !== '', removed: before !== '' }] : diffLines(before, after);
  for (const part of parts) {
    const prefix = part.added ? '+' : part.removed ? '-' : ' ';
    for (const line of part.value.replace(/\n$/, '').split('\n')) lines.push(`${prefix}${line}`);
  }
  const body = lines.join('\n');
  const fence = fenceFor(body);
  return `${fence}diff\n${body}\n${fence}`;
}

/** A change only to the credentials of a URL would otherwise look like no change at all. */
function hiddenSecretNote(change: Change): string {
  if (change.action !== 'update' && change.action !== 'replace') return '';
  const paths = change.changes.filter((field) => isHiddenChange(field.before, field.after)).map((field) => `<code>${field.path}</code>`);
  return paths.length === 0 ? '' : `\nCredentials changed in ${paths.join(', ')} (not shown).\n`;
}

function replacementNote(change: Change): string {
  if (change.action !== 'replace') return '';
  return `\nReplaced (deleted, then created with a new SID): ${replacementReasons(change).map(escapeMarkdown).join('; ')}.\n`;
}

/** The SIDs the files gave by name, which the YAML above shows as SIDs only. */
function namesNote(plan: Plan, change: Change): string {
  if (change.action !== 'create' && change.action !== 'update' && change.action !== 'replace') return '';
  const changed = change.action === 'create' ? undefined : new Set(change.changes.map((field) => field.path));
  const notes = [...namedFields(plan, change)]
    .filter(([path]) => changed === undefined || changed.has(path))
    .map(([path, name]) => `<code>${path}</code> is ${escapeMarkdown(name)}`);
  return notes.length === 0 ? '' : `\nBy name: ${notes.join('; ')}.\n`;
}

function resourceBlock(plan: Plan, change: Change): string {
  const name = `<code>${escapeMarkdown(change.key)}</code>`;
  let title = name;
  if (change.action === 'update') {
    const rename = change.renamed_from === undefined ? '' : `, renamed from <code>${escapeMarkdown(change.renamed_from)}</code>`;
    title = `${name} (${change.before.sid}${rename})`;
  } else if (change.action === 'delete' || change.action === 'replace') {
    title = `${name} (${change.before.sid})`;
  }
  return `**${title}**\n\n${diffBlock(change)}\n${replacementNote(change)}${namesNote(plan, change)}${hiddenSecretNote(change)}`;
}

interface Section {
  readonly opening: string;
  readonly items: readonly string[];
}

const SECTION_CLOSING = '</details>\n';

function section(title: string, count: number, items: readonly string[], heading = ''): Section {
  return { opening: `${heading}<details>\n<summary>${title} (${count})</summary>\n\n`, items };
}

const CHANGE_SECTIONS = [
  ['create', 'Create'],
  ['update', 'Update'],
  ['replace', 'Replace'],
  ['delete', 'Delete'],
] as const;

/** The changes' sections, under a heading per kind when more than one kind changes. */
function changeSections(plan: Plan): Section[] {
  const headed = groupsByKind(plan);
  const result: Section[] = [];
  for (const kind of plan.kinds) {
    let heading = headed ? `### ${kindHeading(kind)}\n\n` : '';
    for (const [action, title] of CHANGE_SECTIONS) {
      const changes = plan.changes.filter((change) => change.kind === kind && change.action === action);
      if (changes.length === 0) continue;
      result.push(
        section(
          title,
          changes.length,
          changes.map((change) => resourceBlock(plan, change)),
          heading,
        ),
      );
      heading = '';
    }
  }
  return result;
}

/** A resource in a list: its key, after the kind's noun unless it is the default kind. */
function refItem(ref: ResourceRef): string {
  return `- ${ref.kind === DEFAULT_KIND ? '' : `${kindNamed(ref.kind).noun} `}<code>${escapeMarkdown(ref.key)}</code>\n`;
}

function sections(plan: Plan): Section[] {
  const migrations = migrationLines(plan);
  const result = [
    // The warning stands outside the collapsed list, where a reviewer sees it without opening anything.
    ...(migrations.length > 0
      ? [
          section(
            'Migrations',
            migrations.length,
            migrations.map((line) => `- ${escapeMarkdown(line)}\n`),
            `> [!WARNING]\n> ${MIGRATIONS_WARNING}\n\n`,
          ),
        ]
      : []),
    ...changeSections(plan),
  ];
  const nameItems = (refs: readonly ResourceRef[]): string[] => refs.map(refItem);
  const moves = identityMoveLines(plan);
  if (moves.length > 0)
    result.push(
      section(
        IDENTITY_MOVES_TITLE,
        moves.length,
        moves.map((line) => `- ${escapeMarkdown(line)}\n`),
      ),
    );
  const unchanged = plan.changes.filter((change) => change.action === 'noop');
  if (unchanged.length > 0) result.push(section('Unchanged', unchanged.length, nameItems(unchanged)));
  if (plan.unmanaged.length > 0) {
    result.push(section('Not managed, kept (no file declares them)', plan.unmanaged.length, nameItems(plan.unmanaged)));
  }
  if (plan.ignored.length > 0) result.push(section('Ignored', plan.ignored.length, nameItems(plan.ignored)));
  const left = leftOut(plan);
  if (left !== undefined)
    result.push({
      opening: `<details>\n<summary>${escapeMarkdown(left.title)}</summary>\n\n`,
      items: left.lines.map((line) => `- ${escapeMarkdown(line)}\n`),
    });
  return result;
}

/** The counts as a table: a column per kind, and a total when there is more than one. */
function countsTable(plan: Plan): string {
  const columns: [string, PlanSummary][] = summaryKinds(plan).map((kind) => [
    kindHeading(kind),
    plan.summary_by_kind[kind] ?? plan.summary,
  ]);
  if (columns.length > 1) columns.push(['Total', plan.summary]);
  const rows = (
    [
      ['Migrate', 'migrate'],
      ['Create', 'create'],
      ['Update', 'update'],
      ['Replace', 'replace'],
      ['Delete', 'delete'],
      ['Unchanged', 'noop'],
    ] as const
  ).filter(([, action]) => (action !== 'replace' && action !== 'migrate') || plan.summary[action] > 0);
  const line = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |\n`;
  return (
    line(['Action', ...columns.map(([title]) => title)]) +
    line(['---', ...columns.map(() => '---:')]) +
    rows.map(([title, action]) => line([title, ...columns.map(([, summary]) => summary[action])])).join('') +
    '\n'
  );
}

function header(plan: Plan, marker: string, title: string, refusals: readonly string[], notes: readonly string[]): string {
  const table = hasChanges(plan) ? countsTable(plan) : '';
  const banner =
    refusals.length === 0
      ? ''
      : `> [!CAUTION]\n${refusals.map((refusal) => `> **${REFUSED_BANNER}:** ${escapeMarkdown(refusal)}\n`).join('>\n')}\n`;
  const noted = notes.length === 0 ? '' : `> [!NOTE]\n${notes.map((note) => `> ${escapeMarkdown(note)}\n`).join('>\n')}\n`;
  return `${marker}\n## ${title}\n\n${banner}**${summaryLine(plan)}**\n\n${noted}${table}`;
}

function truncationNote(omitted: number, total: number, hint: string): string {
  return `> [!NOTE]\n> This plan is too long to show in full: ${omitted} of ${total} entries are not shown. ${hint}\n`;
}

/**
 * The plan for a pull request comment or a job summary. Entries that would take the text past
 * `maxLength` are left out (from the end) and a note says so.
 */
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_MARKDOWN_OPTIONS.maxLength;
  const hint = options.fullPlanHint ?? DEFAULT_MARKDOWN_OPTIONS.fullPlanHint;
  const head = header(
    plan,
    options.marker ?? DEFAULT_MARKDOWN_OPTIONS.marker,
    options.title ?? DEFAULT_MARKDOWN_OPTIONS.title,
    options.refusals ?? [],
    options.notes ?? [],
  );
  const all = sections(plan);
  const total = all.reduce((sum, entry) => sum + entry.items.length, 0);
  const render = (parts: readonly Section[]): string =>
    parts.map((part) => `${part.opening}${part.items.join('\n')}\n${SECTION_CLOSING}`).join('\n');
  const full = head + render(all);
  if (full.length <= maxLength) return full;

  const noteLength = truncationNote(total, total, hint).length + 1;
  let length = head.length + noteLength;
  const kept: Section[] = [];
  let shown = 0;
  for (const part of all) {
    const items: string[] = [];
    let cost = part.opening.length + SECTION_CLOSING.length + 2;
    for (const item of part.items) {
      if (length + cost + item.length + 1 > maxLength) break;
      cost += item.length + 1;
      items.push(item);
    }
    if (items.length === 0) break;
    kept.push({ opening: part.opening, items });
    length += cost;
    shown += items.length;
    if (items.length < part.items.length) break;
  }
  const body = render(kept);
  return `${head}${body}${body === '' ? '' : '\n'}${truncationNote(total - shown, total, hint)}`;
}
