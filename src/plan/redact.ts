import { redactUrlCredentials, UnsafePlanError } from '../errors.js';
import type { DesiredFlow } from '../flows/types.js';
import type { Plan } from './types.js';

/**
 * Secrets (the `user:password@` of webhook URLs) never leave the process in any rendering, the saved
 * JSON plan included. In the JSON plan a redacted string is written as `{"redacted": true, "value":
 * "<redacted text>"}` so that `apply PLANFILE` knows which values to take back from the flow files.
 */

export interface RedactedMarker {
  readonly redacted: true;
  readonly value: string;
}

/** A copy of `value` with credentials stripped from every string in it. */
export function redactDeep<T>(value: T): T {
  return mapStrings(value, (text) => redactUrlCredentials(text)) as T;
}

/** A copy of `value` in which every string that held credentials is a RedactedMarker. */
export function markRedacted(value: unknown): unknown {
  return mapStrings(value, (text) => {
    const redacted = redactUrlCredentials(text);
    return redacted === text ? text : ({ redacted: true, value: redacted } satisfies RedactedMarker);
  });
}

function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}

export function isRedactedMarker(value: unknown): value is RedactedMarker {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  return keys.length === 2 && record.redacted === true && typeof record.value === 'string';
}

/** A path inside a plan, e.g. `['changes', 3, 'send', 'integration', 'url']`. */
export type PlanPath = readonly (string | number)[];

/** Replaces every marker by its redacted text and returns where they were. */
export function unmarkRedacted(value: unknown, path: PlanPath = [], found: PlanPath[] = []): { value: unknown; paths: PlanPath[] } {
  if (isRedactedMarker(value)) {
    found.push(path);
    return { value: value.value, paths: found };
  }
  if (Array.isArray(value)) {
    return { value: value.map((item, index) => unmarkRedacted(item, [...path, index], found).value), paths: found };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, unmarkRedacted(item, [...path, key], found).value]);
    return { value: Object.fromEntries(entries), paths: found };
  }
  return { value, paths: found };
}

function getAt(root: unknown, path: PlanPath): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function setAt(root: unknown, path: PlanPath, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = value;
}

/** Where, inside a declared flow's fields, the value at a redacted plan path comes from. */
function declaredPath(plan: Plan, path: PlanPath): PlanPath | undefined {
  const [root, index, part, ...rest] = path;
  if (root !== 'changes' || typeof index !== 'number') return undefined;
  if (part === 'after' || part === 'send') return rest;
  if (part === 'changes' && typeof rest[0] === 'number' && rest[1] === 'after') {
    const change = plan.changes[index];
    const fieldChange = change?.action === 'update' ? change.changes[rest[0]] : undefined;
    return fieldChange ? [...fieldChange.path.split('.'), ...rest.slice(2)] : undefined;
  }
  // Live snapshots (`before`) stay redacted: apply compares them with the redacted live state.
  return undefined;
}

/**
 * Puts the real values back into a saved plan from the flow files, refusing when a file no longer
 * declares the value the plan was made from.
 */
export function restoreRedacted(plan: Plan, paths: readonly PlanPath[], desired: readonly DesiredFlow[]): Plan {
  const restored = structuredClone(plan) as Plan;
  const byName = new Map(desired.map((flow) => [flow.fields.friendly_name, flow]));
  for (const path of paths) {
    const source = declaredPath(plan, path);
    if (!source) continue;
    const change = plan.changes[path[1] as number];
    const stored = getAt(plan, path);
    const declared = change ? getAt(byName.get(change.friendly_name)?.fields, source) : undefined;
    if (typeof declared !== 'string' || redactUrlCredentials(declared) !== stored) {
      throw new UnsafePlanError(
        `the saved plan's ${source.join('.')} of flow ${JSON.stringify(change?.friendly_name)} holds a redacted ` +
          'secret that the flow files no longer declare; run plan again',
      );
    }
    setAt(restored, path, declared);
  }
  return restored;
}
