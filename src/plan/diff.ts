import { compareText } from '../compareText.js';
import { type FieldSpec } from '../model/field.js';
import type { KindName, LiveResource, ResourceFields, ResourceKind } from '../model/kind.js';
import { FLEX_FLOW, KINDS, kindNamed } from '../model/kinds.js';
import { type FlowFields, recreatableFields } from '../model/flexFlow.js';
import { UnsafePlanError } from '../errors.js';
import type { DesiredResource } from '../flows/types.js';
import type { Settings } from '../settings/types.js';
import { compileGlobs } from '../settings/globs.js';
import {
  PLAN_FORMAT_VERSION,
  type Change,
  type FieldChange,
  type LiveSnapshot,
  type Plan,
  type PlanSummary,
  type ResourceRef,
} from './types.js';
import { normalizeValue, valuesEqual } from '../model/normalizeValue.js';
import { fieldOrder, isEmptyGroup, keyOf, liveToFields } from './normalize.js';

/** The live resources of each kind a plan covers; a kind absent here is neither read nor touched. */
export type LiveByKind = Readonly<Partial<Record<KindName, readonly LiveResource[]>>>;

export function snapshot(kind: ResourceKind, live: LiveResource): LiveSnapshot {
  return { sid: live.sid, date_updated: live.date_updated, fields: liveToFields(kind, live) };
}

function keySpec(kind: ResourceKind): FieldSpec | undefined {
  return kind.fields.find((spec) => spec.name === kind.key);
}

/**
 * The live resources of a kind by key; two with one key are refused, naming both (plans and exports
 * key on it).
 */
function indexLiveByKey(kind: ResourceKind, live: readonly LiveResource[]): Map<string, LiveResource> {
  const byKey = new Map<string, LiveResource>();
  for (const resource of live) {
    const key = keyOf(kind, resource);
    const size = byKey.size;
    // A key seen before leaves the size as it was: one hash lookup per resource instead of two.
    if (byKey.set(key, resource).size === size) {
      const other = live.find((candidate) => keyOf(kind, candidate) === key) as LiveResource;
      const [first, second] = [other.sid, resource.sid].sort(compareText);
      const fix = keySpec(kind)?.immutable === true ? 'delete one of them' : 'rename or delete one of them';
      throw new UnsafePlanError(
        `two live ${kind.nounPlural} have the ${kind.key} ${JSON.stringify(key)} (${first} and ${second}); ` +
          `plans are keyed on ${kind.key}, so ${fix} in the Console first`,
      );
    }
  }
  return byKey;
}

/**
 * The declared fields of `specs` that differ from the live ones, appended to `found`; a field the
 * declaration leaves out is not managed. Allocates nothing while all are equal (most resources).
 */
function changedFields(
  specs: readonly FieldSpec[],
  declared: Readonly<Record<string, unknown>>,
  live: Readonly<Record<string, unknown>> | null,
  prefix: string,
  found: FieldChange[] | undefined,
): FieldChange[] | undefined {
  for (const spec of specs) {
    if (!Object.hasOwn(declared, spec.name)) continue;
    const after = declared[spec.name];
    const before = live?.[spec.name] ?? null;
    if (!valuesEqual(spec, after, before)) (found ??= []).push({ path: `${prefix}${spec.name}`, before, after });
  }
  return found;
}

/** `live`: the live group as liveToFields reads it (only the table's fields), or null. */
function groupChanges(
  kind: ResourceKind,
  declared: Readonly<Record<string, unknown>> | null,
  live: Readonly<Record<string, unknown>> | null,
): FieldChange[] | undefined {
  const name = kind.group.name;
  if (declared === null) return isEmptyGroup(kind, live) ? undefined : [{ path: name, before: live, after: null }];
  return changedFields(kind.group.fields, declared, live, `${name}.`, undefined);
}

/**
 * What clears a live group: every non-empty live field sent empty (Twilio's form API has no way to
 * send `integration: null` as one value).
 */
function clearingGroup(kind: ResourceKind, live: unknown): Record<string, null> {
  const cleared: Record<string, null> = {};
  const record = (live ?? {}) as Readonly<Record<string, unknown>>;
  for (const spec of kind.group.fields) if (normalizeValue(spec, record[spec.name]) !== null) cleared[spec.name] = null;
  return cleared;
}

/**
 * The changes and the request body for one declared resource against its live counterpart (`live`:
 * liveToFields of it); undefined when there are none.
 */
function compare(
  kind: ResourceKind,
  declared: ResourceFields,
  live: ResourceFields,
): { changes: FieldChange[]; send: ResourceFields } | undefined {
  const topLevel = changedFields(kind.fields, declared, live, '', undefined);
  const liveGroup = (live[kind.group.name] ?? null) as Readonly<Record<string, unknown>> | null;
  const declaredGroup = Object.hasOwn(declared, kind.group.name)
    ? ((declared[kind.group.name] ?? null) as Readonly<Record<string, unknown>> | null)
    : undefined;
  const group = declaredGroup === undefined ? undefined : groupChanges(kind, declaredGroup, liveGroup);
  if (topLevel === undefined && group === undefined) return undefined;
  const send: Record<string, unknown> = {};
  for (const change of topLevel ?? []) send[change.path] = change.after;
  if (group !== undefined) {
    // Twilio does not document whether an update merges the group; sending all of it converges either way.
    send[kind.group.name] = declaredGroup === null ? clearingGroup(kind, liveGroup) : declaredGroup;
  }
  return { changes: [...(topLevel ?? []), ...(group ?? [])], send };
}

/**
 * Whether a live resource already carries every declared field, as the diff compares them (the plan
 * would hold no change for it). Apply asks this of resources it finds after a create it cannot trust.
 */
export function matchesDeclared(kind: ResourceKind, live: LiveResource, declared: ResourceFields): boolean {
  return compare(kind, declared, liveToFields(kind, live)) === undefined;
}

/** The paths of a kind's fields that Twilio's update does not take (FieldSpec.immutable). */
function immutablePaths(kind: ResourceKind): Set<string> {
  return new Set([
    ...kind.fields.filter((spec) => spec.immutable === true).map((spec) => spec.name),
    ...kind.group.fields.filter((spec) => spec.immutable === true).map((spec) => `${kind.group.name}.${spec.name}`),
  ]);
}

/**
 * The set fields, as a create sends them: a value Twilio compares without case is sent lower-case,
 * as a file must write it (Twilio answers `webhook_method` as "POST" but documents `get | post`).
 */
function nonEmpty(specs: readonly FieldSpec[], fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = fields[spec.name];
    if (normalizeValue(spec, value) === null) continue;
    kept[spec.name] = spec.caseInsensitive === true && typeof value === 'string' ? value.toLowerCase() : value;
  }
  return kept;
}

/**
 * A resource's fields as a create can send them: the empty ones left out (top level and in the
 * group, which is left out when nothing in it is set). Used to re-create a deleted resource from
 * its snapshot, and for what a replacement keeps of the live one.
 */
export function creatableFields(kind: ResourceKind, fields: ResourceFields): ResourceFields {
  const kept = nonEmpty(kind.fields, fields);
  const group = fields[kind.group.name];
  if (!isEmptyGroup(kind, group)) kept[kind.group.name] = nonEmpty(kind.group.fields, group as Readonly<Record<string, unknown>>);
  // Flex-Flow-only: a defaulted integration type is Twilio's echo, not a choice, and a create would refuse it.
  return kind.name === FLEX_FLOW.name ? (recreatableFields(kept as unknown as FlowFields) as unknown as ResourceFields) : kept;
}

/** What a replacement creates: the declared fields, and the live values of the set fields the file does not manage. */
export function replacementFields(kind: ResourceKind, declared: ResourceFields, live: ResourceFields): ResourceFields {
  const kept = creatableFields(kind, live) as Record<string, unknown>;
  return {
    ...Object.fromEntries(
      fieldOrder(kind)
        .filter((name) => Object.hasOwn(kept, name) && !Object.hasOwn(declared, name))
        .map((name) => [name, kept[name]]),
    ),
    ...declared,
  };
}

function planFor(kind: ResourceKind, resource: DesiredResource, live: LiveResource | undefined, renamedFrom: string | undefined): Change {
  const ref = { kind: kind.name, key: keyOf(kind, resource.fields) };
  if (!live) return { action: 'create', ...ref, after: resource.fields, source: resource.source };
  const before = snapshot(kind, live);
  const found = compare(kind, resource.fields, before.fields);
  if (found === undefined) return { action: 'noop', ...ref, before };
  const { changes, send } = found;
  const immutable = immutablePaths(kind);
  const forcedBy = changes.filter((change) => immutable.has(change.path)).map((change) => change.path);
  if (forcedBy.length > 0) {
    return {
      action: 'replace',
      ...ref,
      before,
      after: resource.fields,
      changes,
      forced_by: forcedBy,
      send: replacementFields(kind, resource.fields, before.fields),
      source: resource.source,
    };
  }
  return {
    action: 'update',
    ...ref,
    before,
    after: resource.fields,
    changes,
    send,
    ...(renamedFrom === undefined ? {} : { renamed_from: renamedFrom }),
    source: resource.source,
  };
}

function emptySummary(): { -readonly [action in keyof PlanSummary]: number } {
  return { create: 0, update: 0, replace: 0, delete: 0, noop: 0, migrate: 0 };
}

/** How many changes of each action a plan holds. */
export function summarize(changes: readonly Change[]): PlanSummary {
  const summary = emptySummary();
  for (const change of changes) summary[change.action] += 1;
  // A migration is a delete and a create counted as one migrate, apart from the others.
  const migrations = changes.filter((change) => change.action === 'delete' && change.migrated_to !== undefined).length;
  return { ...summary, migrate: migrations, create: summary.create - migrations, delete: summary.delete - migrations };
}

/**
 * The same counts for each of `kinds`. A migration is a migrate of both kinds it joins (3 flows
 * migrate away, 3 address configurations arrive by migration; either kind's line alone would read
 * "0 to create" beside a plan that creates them), and once in the total; `legacy` counts its halves
 * as a delete and a create, as plans saved before this did.
 */
export function summarizeByKind(
  kinds: readonly KindName[],
  changes: readonly Change[],
  legacy = false,
): Partial<Record<KindName, PlanSummary>> {
  const byKind: Partial<Record<KindName, ReturnType<typeof emptySummary>>> = {};
  for (const kind of kinds) byKind[kind] = emptySummary();
  for (const change of changes) (byKind[change.kind] ??= emptySummary())[change.action] += 1;
  if (legacy) return byKind;
  for (const change of changes) {
    if (change.action !== 'delete' || change.migrated_to === undefined) continue;
    const to = changes.find(
      (other) => other.action === 'create' && other.key === change.migrated_to && kindNamed(other.kind).replaces === change.kind,
    );
    const from = byKind[change.kind] as ReturnType<typeof emptySummary>;
    from.delete -= 1;
    from.migrate += 1;
    if (to === undefined) continue;
    const into = byKind[to.kind] as ReturnType<typeof emptySummary>;
    into.create -= 1;
    into.migrate += 1;
  }
  return byKind;
}

interface KindPlan {
  readonly changes: Change[];
  readonly ignored: ResourceRef[];
  readonly unmanaged: ResourceRef[];
}

function diffKind(kind: ResourceKind, desired: readonly DesiredResource[], live: readonly LiveResource[], settings: Settings): KindPlan {
  const isIgnored = compileGlobs(settings.ignore);
  const isProtected = compileGlobs(settings.protect);
  const ignored = new Set<string>();
  const relevantLive: LiveResource[] = [];
  for (const resource of live) {
    const key = keyOf(kind, resource);
    if (isIgnored(key)) ignored.add(key);
    else relevantLive.push(resource);
  }
  const liveByKey = indexLiveByKey(kind, relevantLive);
  const managed = desired.filter((resource) => !isIgnored(keyOf(kind, resource.fields)));
  // A key that cannot change (an address) has no past keys: a different key is another resource.
  const renames = keySpec(kind)?.immutable !== true;
  // Only renames need it, and most plans have none.
  let declaredKeys: Set<string> | undefined;
  const isDeclared = (key: string) => (declaredKeys ??= new Set(managed.map((resource) => keyOf(kind, resource.fields)))).has(key);
  const claimed = new Set<string>();
  const changes: Change[] = [];

  for (const resource of managed) {
    const key = keyOf(kind, resource.fields);
    let match = liveByKey.get(key);
    let renamedFrom: string | undefined;
    if (match) {
      claimed.add(key);
    } else if (renames) {
      // A key another file still declares is that file's resource, not this one's past.
      renamedFrom = resource.renamedFrom.find((old) => liveByKey.has(old) && !isDeclared(old) && !claimed.has(old));
      if (renamedFrom !== undefined) {
        match = liveByKey.get(renamedFrom);
        claimed.add(renamedFrom);
      }
    }
    changes.push(planFor(kind, resource, match, renamedFrom));
  }

  // No declared resource of the kind (none in the files, or only ignored ones) never deletes one: Argo CD's allowEmpty: false, per kind.
  const mayDelete = settings.prune && managed.length > 0;
  const unmanaged: string[] = [];
  for (const resource of relevantLive) {
    const key = keyOf(kind, resource);
    if (claimed.has(key)) continue;
    if (mayDelete && !isProtected(key)) changes.push({ action: 'delete', kind: kind.name, key, before: snapshot(kind, resource) });
    else unmanaged.push(key);
  }
  for (const resource of desired) {
    const key = keyOf(kind, resource.fields);
    if (isIgnored(key)) ignored.add(key);
  }
  changes.sort((a, b) => compareText(a.key, b.key) || compareText(a.action, b.action));
  const refs = (keys: Iterable<string>): ResourceRef[] => [...keys].sort(compareText).map((key) => ({ kind: kind.name, key }));
  return { changes, ignored: refs(ignored), unmanaged: refs(unmanaged) };
}

/**
 * The plan that takes the live resources to the declared ones, kind by kind (each kind in `live`;
 * a declared resource of a kind not in `live` is a bug of the caller). Pure: the same inputs give
 * the same plan. A kind with no declared resource that is not ignored deletes nothing, even with
 * prune on. Throws UnsafePlanError when two live resources of a kind that are not ignored share a
 * key, whether or not the plan would act on them.
 */
export function diff(desired: readonly DesiredResource[], live: LiveByKind, settings: Settings): Plan {
  const kinds = KINDS.filter((kind) => live[kind.name] !== undefined);
  const undeclared = desired.find((resource) => live[resource.kind] === undefined);
  if (undeclared !== undefined) throw new Error(`diff: the live ${kindNamed(undeclared.kind).nounPlural} were not read`);
  const parts = kinds.map((kind) =>
    diffKind(
      kind,
      desired.filter((resource) => resource.kind === kind.name),
      live[kind.name] ?? [],
      settings,
    ),
  );
  const changes = parts.flatMap((part) => part.changes);
  const names = kinds.map((kind) => kind.name);
  return {
    format_version: PLAN_FORMAT_VERSION,
    kinds: names,
    changes,
    summary: summarize(changes),
    summary_by_kind: summarizeByKind(names, changes),
    ignored: parts.flatMap((part) => part.ignored),
    unmanaged: parts.flatMap((part) => part.unmanaged),
  };
}
