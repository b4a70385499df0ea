import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS, type FlowFields, type Integration } from '../model/flexFlow.js';
import { redactDeep } from '../plan/redact.js';
import { identityMoves, type IdentityMove } from '../plan/identity.js';
import { escapeUnprintable } from '../printable.js';
import type { Change, Plan, UpdateChange } from '../plan/types.js';

/** What every renderer shares: the summary wording, field order, value display, update "before". */

export function summaryLine(plan: Plan): string {
  const { create, update, delete: remove, noop } = plan.summary;
  if (create + update + remove === 0) return `No changes. ${noop} ${noop === 1 ? 'flow' : 'flows'} unchanged.`;
  return `Plan: ${create} to create, ${update} to update, ${remove} to delete, ${noop} unchanged`;
}

export function hasChanges(plan: Plan): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}

/** The declared (or live) fields in the field table's order, `integration` right after `integration_type`. */
export function orderFields(fields: Partial<FlowFields>): Partial<FlowFields> {
  const ordered: Record<string, unknown> = {};
  for (const spec of TOP_LEVEL_FIELDS) {
    if (Object.hasOwn(fields, spec.name)) ordered[spec.name] = fields[spec.name as keyof FlowFields];
    if (spec.name !== 'integration_type' || !Object.hasOwn(fields, 'integration')) continue;
    const integration = fields.integration;
    ordered.integration = integration
      ? Object.fromEntries(INTEGRATION_FIELDS.filter((field) => Object.hasOwn(integration, field.name)).map((field) => [field.name, integration[field.name as keyof Integration]]))
      : null;
  }
  return ordered as Partial<FlowFields>;
}

/** The fields as `[path, value]` in the field table's order, integration flattened. */
export function flattenFields(fields: Partial<FlowFields>): [string, unknown][] {
  const rows: [string, unknown][] = [];
  for (const [name, value] of Object.entries(orderFields(fields))) {
    if (name === 'integration' && value !== null) {
      for (const [field, inner] of Object.entries(value as Integration)) rows.push([`integration.${field}`, inner]);
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
  return String(value);
}

/** Whether two values differ only in what redaction hides (the credentials of a URL). */
export function isHiddenChange(before: unknown, after: unknown): boolean {
  return formatValue(before) === formatValue(after);
}

export function formatName(name: string): string {
  return escapeUnprintable(JSON.stringify(redactDeep(name)));
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
export function managedBefore(change: UpdateChange): FlowFields {
  const before: Record<string, unknown> = structuredClone(change.after) as unknown as Record<string, unknown>;
  for (const fieldChange of change.changes) setPath(before, fieldChange.path, fieldChange.before);
  return before as unknown as FlowFields;
}

export const ACTION_SYMBOL: Readonly<Record<Change['action'], string>> = Object.freeze({
  create: '+',
  update: '~',
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
  const rename = move.from.action === 'delete' && move.to.action === 'create' ? `; add renamed_from: [${move.from.friendly_name}] to keep its SID` : '';
  return `${symbols} ${formatName(move.from.friendly_name)} → ${formatName(move.to.friendly_name)}: contact identity ${formatValue(move.identity)} moves${rename}`;
}

export function identityMoveLines(plan: Plan): string[] {
  return identityMoves(plan.changes).map(identityMoveLine);
}
