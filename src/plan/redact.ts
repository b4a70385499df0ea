import { createHash, randomBytes } from 'node:crypto';
import { UnsafePlanError } from '../errors.js';
import { redactUrlCredentials } from '../redactUrl.js';
import type { DesiredFlow } from '../flows/types.js';
import type { Plan } from './types.js';

/**
 * Secrets (the `user:password@` of webhook URLs) never leave the process in any rendering, the saved
 * JSON plan included. In the JSON plan a redacted string is written as `{"redacted": true, "value":
 * "<redacted text>", "sha256": "<digest>"}` so that `apply PLANFILE` knows which values to take back
 * from the flow files, and can tell when a file now holds another secret that redacts the same way
 * (a changed password). The digest is salted with the plan's own random salt, so that equal secrets
 * in two plans cannot be matched and no table of digests of common passwords applies.
 */

interface RedactedMarker {
  readonly redacted: true;
  readonly value: string;
  /** SHA-256 of the salt and the full value, in hex (see secretDigest). */
  readonly sha256: string;
}

/** A fresh salt for one saved plan. */
export function newRedactionSalt(): string {
  return randomBytes(16).toString('hex');
}

function secretDigest(salt: string, value: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(value).digest('hex');
}

/** A copy of `value` with credentials stripped from every string in it. */
export function redactDeep<T>(value: T): T {
  return mapStrings(value, (text) => redactUrlCredentials(text)) as T;
}

/** A copy of `value` in which every string that held credentials is a RedactedMarker, and how many there are. */
export function markRedacted(value: unknown, salt: string): { value: unknown; marked: number } {
  let marked = 0;
  const result = mapStrings(value, (text) => {
    const redacted = redactUrlCredentials(text);
    if (redacted === text) return text;
    marked += 1;
    return { redacted: true, value: redacted, sha256: secretDigest(salt, text) } satisfies RedactedMarker;
  });
  return { value: result, marked };
}

function mapStrings(value: unknown, map: (text: string) => unknown): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  }
  return value;
}

/** An object with `redacted: true`: a marker, or a damaged one that parsing must refuse. */
function isRedactedMarker(value: unknown): value is Partial<RedactedMarker> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>).redacted === true;
}

function isCompleteMarker(value: Partial<RedactedMarker>): value is RedactedMarker {
  return Object.keys(value).length === 3 && typeof value.value === 'string' && typeof value.sha256 === 'string' && /^[0-9a-f]{64}$/.test(value.sha256);
}

/** A path inside a plan, e.g. `['changes', 3, 'send', 'integration', 'url']`. */
export type PlanPath = readonly (string | number)[];

/** Where a saved plan held a redacted value, and the digest of the full value (with the plan's salt). */
export interface RedactedValue {
  readonly path: PlanPath;
  readonly sha256: string;
  readonly salt: string;
}

/**
 * Replaces every marker by its redacted text and returns where they were; `salt` is the plan's
 * `redaction_salt`. Undefined `value` in the result means a marker was incomplete (see `damaged`).
 */
export function unmarkRedacted(value: unknown, salt: string | undefined): { value: unknown; redacted: RedactedValue[]; damaged?: PlanPath } {
  const redacted: RedactedValue[] = [];
  let damaged: PlanPath | undefined;
  const unmark = (item: unknown, path: PlanPath): unknown => {
    if (isRedactedMarker(item)) {
      if (!isCompleteMarker(item) || salt === undefined) {
        damaged ??= path;
        return undefined;
      }
      redacted.push({ path, sha256: item.sha256, salt });
      return item.value;
    }
    if (Array.isArray(item)) return item.map((inner, index) => unmark(inner, [...path, index]));
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, unmark(inner, [...path, key])]));
    return item;
  };
  const result = unmark(value, []);
  return damaged === undefined ? { value: result, redacted } : { value: result, redacted, damaged };
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
 * declares the value the plan was made from (compared in full, through the saved digest).
 */
export function restoreRedacted(plan: Plan, redacted: readonly RedactedValue[], desired: readonly DesiredFlow[]): Plan {
  const restored = structuredClone(plan) as Plan;
  const byName = new Map(desired.map((flow) => [flow.fields.friendly_name, flow]));
  for (const { path, sha256, salt } of redacted) {
    const source = declaredPath(plan, path);
    if (!source) continue;
    const change = plan.changes[path[1] as number];
    const declared = change ? getAt(byName.get(change.friendly_name)?.fields, source) : undefined;
    if (typeof declared !== 'string' || secretDigest(salt, declared) !== sha256) {
      throw new UnsafePlanError(
        `the saved plan's ${source.join('.')} of flow ${JSON.stringify(change?.friendly_name)} holds a redacted ` +
          'secret that the flow files no longer declare (or declare with other credentials); run plan again',
      );
    }
    setAt(restored, path, declared);
  }
  return restored;
}
