import { diffLines } from 'diff';
import { stringify } from 'yaml';
import type { FlowFields } from '../model/flexFlow.js';
import { redactDeep } from '../plan/redact.js';
import type { Change, Plan } from '../plan/types.js';
import { escapeMarkdown } from './escapeMarkdown.js';
import { IDENTITY_MOVES_TITLE, REFUSED_BANNER, hasChanges, identityMoveLines, isHiddenChange, managedBefore, orderFields, summaryLine } from './fields.js';

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
function toYaml(fields: FlowFields | undefined): string {
  return fields ? stringify(redactDeep(orderFields(fields)), { lineWidth: 0 }) : '';
}

function yamlPair(change: Change): [string, string] {
  switch (change.action) {
    case 'create':
      return ['', toYaml(change.after)];
    case 'update':
      return [toYaml(managedBefore(change)), toYaml(change.after)];
    case 'delete':
    case 'noop':
      return [toYaml(change.before.fields), ''];
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
  const parts = before === '' || after === '' ? [{ value: before || after, added: after !== '', removed: before !== '' }] : diffLines(before, after);
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
  if (change.action !== 'update') return '';
  const paths = change.changes.filter((field) => isHiddenChange(field.before, field.after)).map((field) => `<code>${field.path}</code>`);
  return paths.length === 0 ? '' : `\nCredentials changed in ${paths.join(', ')} (not shown).\n`;
}

function flowBlock(change: Change): string {
  const name = `<code>${escapeMarkdown(change.friendly_name)}</code>`;
  let title = name;
  if (change.action === 'update') {
    const rename = change.renamed_from === undefined ? '' : `, renamed from <code>${escapeMarkdown(change.renamed_from)}</code>`;
    title = `${name} (${change.before.sid}${rename})`;
  } else if (change.action === 'delete') {
    title = `${name} (${change.before.sid})`;
  }
  return `**${title}**\n\n${diffBlock(change)}\n${hiddenSecretNote(change)}`;
}

interface Section {
  readonly opening: string;
  readonly items: readonly string[];
}

const SECTION_CLOSING = '</details>\n';

function section(title: string, count: number, items: readonly string[]): Section {
  return { opening: `<details>\n<summary>${title} (${count})</summary>\n\n`, items };
}

function sections(plan: Plan): Section[] {
  const byAction = (action: Change['action']): Change[] => plan.changes.filter((change) => change.action === action);
  const result: Section[] = [];
  for (const [action, title] of [['create', 'Create'], ['update', 'Update'], ['delete', 'Delete']] as const) {
    const changes = byAction(action);
    if (changes.length > 0) result.push(section(title, changes.length, changes.map(flowBlock)));
  }
  const nameItems = (names: readonly string[]): string[] => names.map((name) => `- <code>${escapeMarkdown(name)}</code>\n`);
  const moves = identityMoveLines(plan);
  if (moves.length > 0) result.push(section(IDENTITY_MOVES_TITLE, moves.length, moves.map((line) => `- ${escapeMarkdown(line)}\n`)));
  const unchanged = byAction('noop').map((change) => change.friendly_name);
  if (unchanged.length > 0) result.push(section('Unchanged', unchanged.length, nameItems(unchanged)));
  if (plan.unmanaged.length > 0) {
    result.push(section('Not managed, kept (no file declares them)', plan.unmanaged.length, nameItems(plan.unmanaged)));
  }
  if (plan.ignored.length > 0) result.push(section('Ignored', plan.ignored.length, nameItems(plan.ignored)));
  return result;
}

function header(plan: Plan, marker: string, title: string, refusals: readonly string[]): string {
  const { create, update, delete: remove, noop } = plan.summary;
  const table = hasChanges(plan)
    ? `| Action | Flows |\n| --- | ---: |\n| Create | ${create} |\n| Update | ${update} |\n| Delete | ${remove} |\n| Unchanged | ${noop} |\n\n`
    : '';
  const banner = refusals.length === 0 ? '' : `> [!CAUTION]\n${refusals.map((refusal) => `> **${REFUSED_BANNER}:** ${escapeMarkdown(refusal)}\n`).join('>\n')}\n`;
  return `${marker}\n## ${title}\n\n${banner}**${summaryLine(plan)}**\n\n${table}`;
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
  const head = header(plan, options.marker ?? DEFAULT_MARKDOWN_OPTIONS.marker, options.title ?? DEFAULT_MARKDOWN_OPTIONS.title, options.refusals ?? []);
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
