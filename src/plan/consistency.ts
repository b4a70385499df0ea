import { isDeepStrictEqual } from 'node:util';
import type { ResourceFields, ResourceKind } from '../model/kind.js';
import { KINDS, kindNamed } from '../model/kinds.js';
import { describeRef, refId } from './describe.js';
import { migrationMismatch } from './migrations.js';
import { keyOf } from './normalize.js';
import type { Change, CreateChange, ReplaceChange, UpdateChange } from './types.js';

function valueAt(fields: ResourceFields, path: string): unknown {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  const value = fields[head];
  if (tail === undefined) return value;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[tail] : undefined;
}

/** Each listed field change is to the declared value. */
function changeProblems(kind: ResourceKind, change: UpdateChange | ReplaceChange): string[] {
  const name = describeRef(change);
  return change.changes
    .filter((field) => field.path !== kind.group.name && !isDeepStrictEqual(field.after, valueAt(change.after, field.path) ?? null))
    .map((field) => `the ${change.action} of ${name} lists a change of ${field.path} to a value it does not declare`);
}

/** What an update's `send` must be, given its `changes` and `after`, as the diff builds it. */
function sendProblems(kind: ResourceKind, change: UpdateChange): string[] {
  const problems: string[] = [];
  const name = describeRef(change);
  const group = kind.group.name;
  const expected = new Set<string>();
  for (const field of change.changes) {
    const top = field.path.split('.')[0] as string;
    expected.add(top);
    if (top !== group && !isDeepStrictEqual(change.send[top], valueAt(change.after, field.path))) {
      problems.push(`the update of ${name} sends ${top} other than its declared value`);
    }
  }
  if (expected.has(group)) {
    const sent = change.send[group];
    // A declared `group: null` clears every live field: each is sent empty.
    const clearing =
      change.after[group] === null && sent !== null && typeof sent === 'object' && Object.values(sent).every((value) => value === null);
    if (!clearing && !isDeepStrictEqual(sent, change.after[group]))
      problems.push(`the update of ${name} sends ${group} other than the declared one`);
  }
  const extra = Object.keys(change.send).filter((key) => !expected.has(key));
  if (extra.length > 0) problems.push(`the update of ${name} sends ${extra.join(', ')}, which none of its changes lists`);
  return problems;
}

/** A replacement creates what the file declares (and may keep what it does not manage), and is forced by an immutable field it lists. */
function replaceProblems(kind: ResourceKind, change: ReplaceChange): string[] {
  const problems: string[] = [];
  const name = describeRef(change);
  for (const field of Object.keys(change.after)) {
    if (!isDeepStrictEqual(change.send[field], change.after[field]))
      problems.push(`the replacement of ${name} creates ${field} other than its declared value`);
  }
  const immutable = new Set(
    [...kind.fields, ...kind.group.fields.map((spec) => ({ ...spec, name: `${kind.group.name}.${spec.name}` }))]
      .filter((spec) => spec.immutable === true)
      .map((spec) => spec.name),
  );
  const listed = new Set(change.changes.map((field) => field.path));
  if (change.forced_by.length === 0 || change.forced_by.some((path) => !immutable.has(path) || !listed.has(path))) {
    problems.push(`the replacement of ${name} is not forced by a change of a field Twilio cannot update`);
  }
  return problems;
}

/**
 * Why a plan (read from a file) does not hold together: each change's key is its resource's, no key
 * (of a kind) or SID appears twice, and each update sends exactly what its changes and declared
 * fields say. A plan made by diff always holds together; an edited plan file may not, and is refused
 * as a whole.
 */
export function planInconsistencies(changes: readonly Change[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const sids = new Set<string>();
  for (const change of changes) {
    const kind = kindNamed(change.kind);
    const name = describeRef(change);
    const id = refId(change.kind, change.key);
    if (keys.has(id)) problems.push(`${name} appears more than once`);
    keys.add(id);
    if (change.action !== 'create') {
      if (sids.has(change.before.sid)) problems.push(`${kind.noun} ${change.before.sid} appears more than once`);
      sids.add(change.before.sid);
    }
    if (
      (change.action === 'create' || change.action === 'update' || change.action === 'replace') &&
      keyOf(kind, change.after) !== change.key
    ) {
      problems.push(`the ${change.action} of ${name} declares the ${kind.key} ${JSON.stringify(keyOf(kind, change.after))}`);
    }
    const plannedFor = change.action === 'update' ? (change.renamed_from ?? change.key) : change.key;
    if (change.action !== 'create' && keyOf(kind, change.before.fields) !== plannedFor) {
      problems.push(
        `the ${change.action} of ${name} was planned for a ${kind.noun} with the ${kind.key} ${JSON.stringify(keyOf(kind, change.before.fields))}`,
      );
    }
    if (change.action === 'update') problems.push(...changeProblems(kind, change), ...sendProblems(kind, change));
    if (change.action === 'replace') problems.push(...changeProblems(kind, change), ...replaceProblems(kind, change));
  }
  return [...problems, ...migrationProblems(changes)];
}

/**
 * A delete that says `migrated_to` is spared the prune rule and the delete shares (safety.ts), so an
 * edited plan could slip any delete through with it: each must pair, one to one, with a create in the
 * same plan, of the kind that replaces the deleted one, whose `migrated_from` names it back, and pass
 * the rule plan pairs them by (migrations.ts): the created resource takes the deleted one's own
 * address (its snapshot's, which the stale check holds to the live one) and, from a Flex Flow, the
 * address type of its channel. A create that says `migrated_from` must be named by such a delete.
 */
function migrationProblems(changes: readonly Change[]): string[] {
  const creates = new Map(
    changes.flatMap((change) => (change.action === 'create' ? [[refId(change.kind, change.key), change] as const] : [])),
  );
  const deletes = changes.flatMap((change) => (change.action === 'delete' && change.migrated_to !== undefined ? [change] : []));
  const paired = new Set<CreateChange>();
  const problems = deletes.flatMap((change) => {
    const to = change.migrated_to as unknown;
    if (typeof to !== 'string') return [`the delete of ${describeRef(change)} says migrated_to, but not as the key of what it migrates to`];
    const successor = KINDS.find((kind) => kind.replaces === change.kind);
    const create = successor === undefined ? undefined : creates.get(refId(successor.name, to));
    if (successor === undefined || create === undefined)
      return [`the delete of ${describeRef(change)} says it migrates to ${JSON.stringify(to)}, which the plan does not create`];
    paired.add(create);
    if (create.migrated_from !== change.key) {
      return [
        `the delete of ${describeRef(change)} says it migrates to ${describeRef(create)}, whose create says migrated_from ` +
          `${typeof create.migrated_from === 'string' ? JSON.stringify(create.migrated_from) : 'nothing'}`,
      ];
    }
    const held = { ...change.before.fields, sid: change.before.sid, date_updated: change.before.date_updated };
    const wrong = migrationMismatch(successor, { fields: create.after, migratedFrom: change.key }, kindNamed(change.kind), held);
    return wrong === undefined ? [] : [wrong];
  });
  const unpaired = [...creates.values()].filter((create) => create.migrated_from !== undefined && !paired.has(create));
  return [
    ...problems,
    ...unpaired.map(
      (create) =>
        `the create of ${describeRef(create)} says migrated_from${typeof create.migrated_from === 'string' ? ` ${JSON.stringify(create.migrated_from)}` : ''}, which no delete of the plan migrates to it`,
    ),
  ];
}
