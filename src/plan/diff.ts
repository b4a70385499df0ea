import { compareText } from '../compareText.js';
import { INTEGRATION_FIELDS, type FlexFlow, type FlowFields, type Integration } from '../model/flexFlow.js';
import { type FieldSpec } from '../model/field.js';
import { UnsafePlanError } from '../errors.js';
import type { DesiredFlow } from '../flows/types.js';
import type { Settings } from '../settings/types.js';
import { compileGlobs } from '../settings/globs.js';
import { PLAN_FORMAT_VERSION, type Change, type FieldChange, type LiveSnapshot, type Plan, type PlanSummary } from './types.js';
import { ABSENT, fieldAccess } from './fieldAccess.js';
import {
  FLOW_FIELD_NAMES,
  FLOW_FIELD_SPECS,
  INTEGRATION_SLOT,
  type LiveValues,
  isEmptyIntegration,
  liveToFields,
  normalizeValue,
  readLive,
  valuesEqual,
} from './normalize.js';

function snapshot(flow: FlexFlow, fields: FlowFields = liveToFields(flow)): LiveSnapshot {
  return { sid: flow.sid, date_updated: flow.date_updated, fields };
}

/** The live flows by friendly_name; two with one name are refused, naming both (plans and exports key on it). */
export function indexLiveByName(live: readonly FlexFlow[]): Map<string, FlexFlow> {
  const byName = new Map<string, FlexFlow>();
  for (const flow of live) {
    const size = byName.size;
    // A name seen before leaves the size as it was: one hash lookup per flow instead of two.
    if (byName.set(flow.friendly_name, flow).size === size) {
      const other = live.find((candidate) => candidate.friendly_name === flow.friendly_name) as FlexFlow;
      const [first, second] = [other.sid, flow.sid].sort(compareText);
      throw new UnsafePlanError(
        `two live flows are named ${JSON.stringify(flow.friendly_name)} (${first} and ${second}); ` +
          'plans are keyed on friendly_name, so rename or delete one of them in the Console first',
      );
    }
  }
  return byName;
}

/** Declared values in the order the live ones are read (see readLive). */
const DECLARED_FLOW = fieldAccess(FLOW_FIELD_NAMES).read;
const DECLARED_INTEGRATION = fieldAccess(INTEGRATION_FIELDS.map((spec) => spec.name)).read;
/** A live flow without integration: every field absent. */
const NOTHING_LIVE: readonly unknown[] = INTEGRATION_FIELDS.map(() => ABSENT);

/**
 * The declared fields that differ from the live ones, both as values in `specs` order (undefined
 * specs are skipped), appended to `found`; allocates nothing while all are equal (most flows).
 */
function changedFields(
  specs: readonly (FieldSpec | undefined)[],
  declared: readonly unknown[],
  live: readonly unknown[],
  prefix: string,
  found: FieldChange[] | undefined,
): FieldChange[] | undefined {
  for (let index = 0; index < declared.length; index += 1) {
    const after = declared[index];
    const spec = specs[index];
    if (after === ABSENT || spec === undefined) continue;
    const before = live[index] === ABSENT ? null : (live[index] ?? null);
    if (!valuesEqual(spec, after, before)) (found ??= []).push({ path: `${prefix}${spec.name}`, before, after });
  }
  return found;
}

function integrationChanges(declared: Integration | null, live: Integration | null, liveValues: readonly unknown[] | null): FieldChange[] | undefined {
  if (declared === null) return isEmptyIntegration(live) ? undefined : [{ path: 'integration', before: live, after: null }];
  return changedFields(INTEGRATION_FIELDS, DECLARED_INTEGRATION(declared), liveValues ?? NOTHING_LIVE, 'integration.', undefined);
}

/**
 * What clears a live integration: every non-empty live field sent empty (Twilio's form API has no
 * way to send `integration: null` as one value).
 */
function clearingIntegration(live: Integration | null): Integration {
  const cleared: Record<string, null> = {};
  for (const spec of INTEGRATION_FIELDS) {
    if (live && normalizeValue(spec, live[spec.name as keyof Integration]) !== null) cleared[spec.name] = null;
  }
  return cleared as Integration;
}

/** The changes and the request body for one declared flow against its live counterpart; undefined when there are none. */
function compare(declared: FlowFields, live: LiveValues): { changes: FieldChange[]; send: Partial<FlowFields> } | undefined {
  const wanted = DECLARED_FLOW(declared);
  const topLevel = changedFields(FLOW_FIELD_SPECS, wanted, live.values, '', undefined);
  const liveIntegration = (live.values[INTEGRATION_SLOT] ?? null) as Integration | null;
  const declaredIntegration = wanted[INTEGRATION_SLOT] === ABSENT ? undefined : ((wanted[INTEGRATION_SLOT] ?? null) as Integration | null);
  const integration = declaredIntegration === undefined ? undefined : integrationChanges(declaredIntegration, liveIntegration, live.integration);
  if (topLevel === undefined && integration === undefined) return undefined;
  const send: Record<string, unknown> = {};
  for (const change of topLevel ?? []) send[change.path] = change.after;
  if (integration !== undefined) {
    // Twilio does not document whether an update merges `integration`; sending all of it converges either way.
    send.integration = declaredIntegration === null ? clearingIntegration(liveIntegration) : declaredIntegration;
  }
  return { changes: [...(topLevel ?? []), ...(integration ?? [])], send: send as Partial<FlowFields> };
}

/**
 * Whether a live flow already carries every declared field, as the diff compares them (the plan
 * would hold no change for it). Apply asks this of flows it finds after a create it cannot trust.
 */
export function matchesDeclared(live: FlexFlow, declared: FlowFields): boolean {
  return compare(declared, readLive(live)) === undefined;
}

function planFor(flow: DesiredFlow, live: FlexFlow | undefined, renamedFrom: string | undefined): Change {
  const name = flow.fields.friendly_name;
  if (!live) return { action: 'create', friendly_name: name, after: flow.fields, source: flow.source };
  const liveValues = readLive(live);
  const before = snapshot(live, liveValues.fields);
  const found = compare(flow.fields, liveValues);
  if (found === undefined) return { action: 'noop', friendly_name: name, before };
  const { changes, send } = found;
  return {
    action: 'update',
    friendly_name: name,
    before,
    after: flow.fields,
    changes,
    send,
    ...(renamedFrom === undefined ? {} : { renamed_from: renamedFrom }),
    source: flow.source,
  };
}

/** How many changes of each action a plan holds. */
export function summarize(changes: readonly Change[]): PlanSummary {
  const summary = { create: 0, update: 0, delete: 0, noop: 0 };
  for (const change of changes) summary[change.action] += 1;
  return summary;
}

/**
 * The plan that takes the live flows to the declared ones. Pure: the same inputs give the same plan.
 * With no declared flow that is not ignored, nothing is deleted, even with prune on.
 * Throws UnsafePlanError when two live flows that are not ignored share a name, whether or not
 * the plan would act on them.
 */
export function diff(
  desired: readonly DesiredFlow[],
  live: readonly FlexFlow[],
  settings: Settings,
): Plan {
  const isIgnored = compileGlobs(settings.ignore);
  const isProtected = compileGlobs(settings.protect);
  const ignored = new Set<string>();
  const relevantLive: FlexFlow[] = [];
  for (const flow of live) {
    if (isIgnored(flow.friendly_name)) ignored.add(flow.friendly_name);
    else relevantLive.push(flow);
  }
  const liveByName = indexLiveByName(relevantLive);
  const managed = desired.filter((flow) => !isIgnored(flow.fields.friendly_name));
  // Only renames need it, and most plans have none.
  let declaredNames: Set<string> | undefined;
  const isDeclared = (name: string) => (declaredNames ??= new Set(managed.map((flow) => flow.fields.friendly_name))).has(name);
  const claimed = new Set<string>();
  const changes: Change[] = [];

  for (const flow of managed) {
    const name = flow.fields.friendly_name;
    let match = liveByName.get(name);
    let renamedFrom: string | undefined;
    if (match) {
      claimed.add(name);
    } else {
      // A name another file still declares is that file's flow, not this one's past.
      renamedFrom = flow.renamedFrom.find((old) => liveByName.has(old) && !isDeclared(old) && !claimed.has(old));
      if (renamedFrom !== undefined) {
        match = liveByName.get(renamedFrom);
        claimed.add(renamedFrom);
      }
    }
    changes.push(planFor(flow, match, renamedFrom));
  }

  // No declared flow (an empty folder, or only ignored flows) never deletes: Argo CD's allowEmpty: false.
  const mayDelete = settings.prune && managed.length > 0;
  const unmanaged: string[] = [];
  for (const flow of relevantLive) {
    if (claimed.has(flow.friendly_name)) continue;
    if (mayDelete && !isProtected(flow.friendly_name)) {
      changes.push({ action: 'delete', friendly_name: flow.friendly_name, before: snapshot(flow) });
    } else {
      unmanaged.push(flow.friendly_name);
    }
  }
  for (const flow of desired) if (isIgnored(flow.fields.friendly_name)) ignored.add(flow.fields.friendly_name);

  changes.sort((a, b) => compareText(a.friendly_name, b.friendly_name) || compareText(a.action, b.action));
  return {
    format_version: PLAN_FORMAT_VERSION,
    changes,
    summary: summarize(changes),
    ignored: [...ignored].sort(compareText),
    unmanaged: unmanaged.sort(compareText),
  };
}
