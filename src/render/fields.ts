import type { KindName, ResourceFields, ResourceKind } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
import { describeRef } from '../plan/describe.js';
import { fieldOrder } from '../plan/normalize.js';
import { redactDeep } from '../plan/redact.js';
import { identityMoves, type IdentityMove } from '../plan/identity.js';
import { LOOKUP_TARGETS } from '../model/lookupTargets.js';
import { escapeUnprintable, formatName } from '../printable.js';
import type { Change, Plan, PlanName, PlanSummary, ReplaceChange, ResourceRef, UpdateChange } from '../plan/types.js';

/** What every renderer shares: the summary wording, field order, value display, update "before". */

/** `3 flows`, `1 address configuration`. */
export function countOf(count: number, kind: KindName): string {
  const { noun, nounPlural } = kindNamed(kind);
  return `${count} ${count === 1 ? noun : nounPlural}`;
}

function changeCounts({ create, update, replace, delete: remove, noop, migrate }: PlanSummary): string {
  // Terraform's wording; replacements and migrations are rare, so they are only counted when there are some.
  return `${migrate > 0 ? `${migrate} to migrate, ` : ''}${create} to create, ${update} to update, ${replace > 0 ? `${replace} to replace, ` : ''}${remove} to delete, ${noop} unchanged`;
}

/**
 * The kinds a summary names: those with a declared or live resource. A kind read and found empty on
 * both sides (the flows, once every one has migrated) is left out, unless every kind is.
 */
export function summaryKinds(plan: Plan): readonly KindName[] {
  const refs: readonly ResourceRef[] = [...plan.changes, ...plan.unmanaged, ...plan.ignored, ...(plan.targeting?.left_out ?? [])];
  const shown = plan.kinds.filter((kind) => refs.some((ref) => ref.kind === kind));
  return shown.length === 0 ? plan.kinds : shown;
}

export function summaryLine(plan: Plan): string {
  if (!hasChanges(plan)) {
    const counts = summaryKinds(plan).map((kind) => countOf(plan.summary_by_kind[kind]?.noop ?? 0, kind));
    const unchanged =
      counts.length === 0 ? '0 resources' : counts.length === 1 ? counts[0] : `${counts.slice(0, -1).join(', ')} and ${counts.at(-1)}`;
    return `No changes. ${unchanged} unchanged.`;
  }
  return `Plan: ${changeCounts(plan.summary)}`;
}

/**
 * With more than one kind and some change: one line per kind, `address configurations: 1 to create, …`;
 * none otherwise (the summary line says it all).
 */
export function kindSummaryLines(plan: Plan): string[] {
  const kinds = summaryKinds(plan);
  if (kinds.length < 2 || !hasChanges(plan)) return [];
  return kinds.map((kind) => {
    const summary = plan.summary_by_kind[kind];
    return `${kindNamed(kind).nounPlural}: ${summary === undefined ? 'none' : changeCounts(summary)}`;
  });
}

export function hasChanges(plan: Pick<Plan, 'summary'>): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.replace + plan.summary.delete + plan.summary.migrate > 0;
}

/** Whether a plan shows its changes under a heading per kind: when more than one kind has changes. */
export function groupsByKind(plan: Plan): boolean {
  return (
    plan.kinds.filter((kind) => {
      const summary = plan.summary_by_kind[kind];
      return summary !== undefined && hasChanges({ summary });
    }).length > 1
  );
}

/** A kind's heading: `Address configurations`. */
export function kindHeading(kind: KindName): string {
  const plural = kindNamed(kind).nounPlural;
  return plural.charAt(0).toUpperCase() + plural.slice(1);
}

/** The declared (or live) fields in the field table's order, the group right after its discriminator. */
export function orderFields(kind: ResourceKind, fields: ResourceFields): ResourceFields {
  const ordered: Record<string, unknown> = {};
  const groupName = kind.group.name;
  for (const name of fieldOrder(kind)) {
    if (!Object.hasOwn(fields, name)) continue;
    const value = fields[name];
    ordered[name] =
      name === groupName && value !== null && typeof value === 'object'
        ? Object.fromEntries(
            kind.group.fields
              .filter((field) => Object.hasOwn(value, field.name))
              .map((field) => [field.name, (value as Record<string, unknown>)[field.name]]),
          )
        : value;
  }
  return ordered;
}

/** The fields as `[path, value]` in the field table's order, the group flattened. */
export function flattenFields(kind: ResourceKind, fields: ResourceFields): [string, unknown][] {
  const rows: [string, unknown][] = [];
  for (const [name, value] of Object.entries(orderFields(kind, fields))) {
    if (name === kind.group.name && value !== null && typeof value === 'object') {
      for (const [field, inner] of Object.entries(value)) rows.push([`${name}.${field}`, inner]);
    } else {
      rows.push([name, value]);
    }
  }
  return rows;
}

/**
 * One value on one line: strings JSON-quoted (so newlines and terminal escapes cannot break the
 * layout), credentials redacted.
 */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'object') return escapeUnprintable(JSON.stringify(redactDeep(value)));
  // What is left of a field's value: a number or a boolean.
  return (value as number | boolean).toString();
}

/** Whether two values differ only in what redaction hides (the credentials of a URL). */
export function isHiddenChange(before: unknown, after: unknown): boolean {
  return formatValue(before) === formatValue(after);
}

/** A resource as people read it: its key, after the kind's noun unless it is the default kind (`"Support"`, `address configuration "+15005550006"`). */
export function formatRef(ref: ResourceRef): string {
  return describeRef(ref, formatName);
}

/** The reason of a replacement, one line per immutable field: `type: "sms" → "whatsapp" forces replacement`. */
export function replacementReasons(change: ReplaceChange): string[] {
  return change.changes
    .filter((field) => change.forced_by.includes(field.path))
    .map((field) => `${field.path}: ${formatValue(field.before)} → ${formatValue(field.after)} forces replacement`);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  if (tail === undefined) {
    target[head] = value;
    return;
  }
  const inner = target[head];
  const nested: Record<string, unknown> = inner && typeof inner === 'object' ? { ...(inner as Record<string, unknown>) } : {};
  nested[tail] = value;
  target[head] = nested;
}

/**
 * The managed part of the live flow, shaped like the declaration: the declared fields with each
 * changed one set to its live value. Fields equal after normalisation keep the declared spelling,
 * so a before/after diff shows exactly the field changes.
 */
export function managedBefore(change: UpdateChange | ReplaceChange): ResourceFields {
  const before = structuredClone(change.after) as Record<string, unknown>;
  for (const fieldChange of change.changes) setPath(before, fieldChange.path, fieldChange.before);
  return before;
}

/** A migration, in the plan and the apply report. */
export const MIGRATE_SYMBOL = '»';

export const ACTION_SYMBOL: Readonly<Record<Change['action'], string>> = Object.freeze({
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  noop: ' ',
});

/** What starts each reason the safety rails give for refusing a plan, in every renderer. */
export const REFUSED_BANNER = 'REFUSED, nothing will be applied';

/** The title of the list of identity moves, in every renderer. */
export const IDENTITY_MOVES_TITLE = 'Contact identities that move (freed first, put back if the flow taking one fails)';

/**
 * One identity move on one line: `-/+ "Support (old)" → "Support": contact identity "+1…" moves`,
 * with how to keep the SID when a delete and a create are really a rename.
 */
function identityMoveLine(move: IdentityMove): string {
  const symbols = `${ACTION_SYMBOL[move.from.action]}/${ACTION_SYMBOL[move.to.action]}`;
  const rename =
    move.from.action !== 'delete' || move.to.action !== 'create'
      ? ''
      : move.from.kind === move.to.kind
        ? `; add renamed_from: [${move.from.key}] to keep its SID`
        : `; the ${kindNamed(move.from.kind).noun} is deleted first, as Twilio's migration guide says${kindNamed(move.from.kind).replaces === move.to.kind ? ' (in reverse)' : ''}`;
  return `${symbols} ${formatRef(move.from)} → ${formatRef(move.to)}: contact identity ${formatValue(move.identity)} moves${rename}`;
}

export function identityMoveLines(plan: Plan): string[] {
  return identityMoves(plan.changes)
    .filter((move) => move.from.action !== 'delete' || move.from.migrated_to === undefined)
    .map(identityMoveLine);
}

/** Twilio's warning for migrations, in every renderer. */
export const MIGRATIONS_WARNING =
  'Twilio: make sure the address has no production traffic before applying; each flow is deleted first, and put back if its address configuration cannot be created';

/** The title of the list of migrations, with Twilio's warning. */
export const MIGRATIONS_TITLE = `Migrations (${MIGRATIONS_WARNING})`;

/**
 * One migration on one line, the flow's channel and number beside the new type and address, so that
 * a reviewer sees they are one: `» migrate "SMS Support" FO… (sms +1555…) → sms +1555…`.
 */
export function migrationLines(plan: Plan): string[] {
  return plan.changes.flatMap((change) => {
    if (change.action !== 'delete' || change.migrated_to === undefined) return [];
    const to = plan.changes.find(
      (other) => other.action === 'create' && other.key === change.migrated_to && kindNamed(other.kind).replaces === change.kind,
    );
    const type = to?.action === 'create' && typeof to.after.type === 'string' ? `${to.after.type} ` : '';
    const { channel_type: channel, [kindNamed(change.kind).addressField]: address } = change.before.fields;
    const from = `${typeof channel === 'string' ? `${channel} ` : ''}${String(address)}`;
    return [`${MIGRATE_SYMBOL} migrate ${formatValue(change.key)} ${change.before.sid} (${from}) → ${type}${change.migrated_to}`];
  });
}

/**
 * What `--target` left out, for people: a title naming the globs and the counts, and one line per
 * left-out change (`delete "Old"`), in plan order; unchanged resources are only counted.
 */
export function leftOut(plan: Plan): { title: string; lines: string[] } | undefined {
  if (plan.targeting === undefined) return undefined;
  const { globs, left_out } = plan.targeting;
  const changes = left_out.filter((change) => change.action !== 'noop');
  const unchanged = left_out.length - changes.length;
  const counts = `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}${unchanged > 0 ? ` and ${unchanged} unchanged` : ''}`;
  return {
    title: `Left out by --target ${globs.map((glob) => JSON.stringify(glob)).join(', ')}: ${counts}`,
    lines: changes.map((change) => `${change.action} ${describeRef(change)}`),
  };
}

/**
 * What the files named, for each SID field of `change` given by name (issue 20), by path:
 * `Studio flow "Inbound SMS"`, shown beside the SID it resolved to.
 */
export function namedFields(plan: Plan, change: ResourceRef): ReadonlyMap<string, string> {
  const named = new Map<string, string>();
  for (const name of plan.names ?? []) {
    if (name.kind === change.kind && name.key === change.key) named.set(name.path, describeName(name));
  }
  return named;
}

function describeName(name: PlanName): string {
  return `${LOOKUP_TARGETS[name.target].noun} ${formatName(name.name)}`;
}
