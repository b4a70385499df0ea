import { createHash, randomBytes } from 'node:crypto';
import { UnsafePlanError, UserInputError } from '../errors.js';
import type { DesiredResource } from '../flows/types.js';
import type { SourcePosition } from '../source/types.js';
import { KIND_NAMES, type KindName } from '../model/kind.js';
import { KINDS, kindNamed } from '../model/kinds.js';
import { LOOKUP_TARGETS, TARGET_KINDS, type TargetKind } from '../model/lookupTargets.js';
import { sidPattern } from '../model/field.js';
import { findUnprintable } from '../printable.js';
import { summarize, summarizeByKind } from './diff.js';
import { refId } from './describe.js';
import { keyOf } from './normalize.js';
import { mapStrings, redactValue } from './redact.js';
import type { PlanTarget } from './target.js';
import {
  ACTIONS,
  PLAN_FORMAT_VERSION,
  type Action,
  type Change,
  type Plan,
  type PlanName,
  type ResourceRef,
  type Targeting,
} from './types.js';

/**
 * The saved plan file: its format, written by `plan --out` (and `plan --format json`), read by
 * `apply PLANFILE`; a contract, not a view, so it lives beside the Plan and not in render/.
 *
 * Secrets (the `user:password@` of webhook URLs) never leave the process, the saved plan included:
 * a redacted string is written as `{"redacted": true, "value": "<redacted text>", "sha256":
 * "<digest>"}` so that `apply PLANFILE` knows which values to take back from the flow files, and
 * can tell when a file now holds another secret that redacts the same way (a changed password). The digest is salted with the plan's own random salt, so that equal secrets
 * in two plans cannot be matched and no table of digests of common passwords applies.
 */

interface RedactedMarker {
  readonly redacted: true;
  readonly value: string;
  /** SHA-256 of the salt and the full value, in hex (see secretDigest). */
  readonly sha256: string;
}

/** A fresh salt for one saved plan. */
function newRedactionSalt(): string {
  return randomBytes(16).toString('hex');
}

function secretDigest(salt: string, value: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(value).digest('hex');
}

/** A copy of `value` in which every string that held credentials is a RedactedMarker, and how many there are. */
function markRedacted(value: unknown, salt: string): { value: unknown; marked: number } {
  let marked = 0;
  const result = mapStrings(value, (text) => {
    const redacted = redactValue(text);
    if (redacted === text) return text;
    marked += 1;
    return { redacted: true, value: redacted, sha256: secretDigest(salt, text) } satisfies RedactedMarker;
  });
  return { value: result, marked };
}

/** An object with `redacted: true`: a marker, or a damaged one that parsing must refuse. */
function isRedactedMarker(value: unknown): value is Partial<RedactedMarker> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && (value as Record<string, unknown>).redacted === true;
}

function isCompleteMarker(value: Partial<RedactedMarker>): value is RedactedMarker {
  return (
    Object.keys(value).length === 3 &&
    typeof value.value === 'string' &&
    typeof value.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(value.sha256)
  );
}

/** A path inside a plan, e.g. `['changes', 3, 'send', 'integration', 'url']`. */
type PlanPath = readonly (string | number)[];

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
function unmarkRedacted(value: unknown, salt: string | undefined): { value: unknown; redacted: RedactedValue[]; damaged?: PlanPath } {
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
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, unmark(inner, [...path, key])]));
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

/** Where, inside a declared resource's fields, the value at a redacted plan path comes from. */
function declaredPath(plan: Plan, path: PlanPath): PlanPath | undefined {
  const [root, index, part, ...rest] = path;
  if (root !== 'changes' || typeof index !== 'number') return undefined;
  const change = plan.changes[index];
  // A replacement's `send` also holds live values the file does not manage: those stay as the snapshot has them.
  if (part === 'after' || (part === 'send' && (change?.action !== 'replace' || Object.hasOwn(change.after, String(rest[0]))))) return rest;
  if (part === 'changes' && typeof rest[0] === 'number' && rest[1] === 'after') {
    const fieldChange = change?.action === 'update' || change?.action === 'replace' ? change.changes[rest[0]] : undefined;
    return fieldChange ? [...fieldChange.path.split('.'), ...rest.slice(2)] : undefined;
  }
  // Live snapshots (`before`) stay redacted: apply compares them with the redacted live state.
  return undefined;
}

/**
 * Puts the real values back into a saved plan from the files, refusing when a file no longer
 * declares the value the plan was made from (compared in full, through the saved digest).
 */
export function restoreRedacted(plan: Plan, redacted: readonly RedactedValue[], desired: readonly DesiredResource[]): Plan {
  const restored = structuredClone<Plan>(plan);
  const byKey = new Map(desired.map((resource) => [refId(resource.kind, keyOf(kindNamed(resource.kind), resource.fields)), resource]));
  for (const { path, sha256, salt } of redacted) {
    const source = declaredPath(plan, path);
    if (!source) continue;
    const change = plan.changes[path[1] as number];
    const declared = change ? getAt(byKey.get(refId(change.kind, change.key))?.fields, source) : undefined;
    if (typeof declared !== 'string' || secretDigest(salt, declared) !== sha256) {
      const what = change === undefined ? 'resource' : `${kindNamed(change.kind).noun} ${JSON.stringify(change.key)}`;
      throw new UnsafePlanError(
        `the saved plan's ${source.join('.')} of ${what} holds a redacted ` +
          'secret that the files no longer declare (or declare with other credentials); run plan again',
      );
    }
    setAt(restored, path, declared);
  }
  return restored;
}

/**
 * The saved plan: the versioned JSON document `plan --out` writes and `apply PLANFILE` executes.
 * Strings that held credentials are written as `{"redacted": true, "value": "<redacted>", "sha256":
 * "<salted digest>"}`, with the salt in `redaction_salt` (present only then: a plan without secrets
 * is the same bytes for the same inputs). `salt` is for tests; by default each plan draws its own.
 */
export function formatPlanFile(plan: Plan, salt: string = newRedactionSalt()): string {
  const document = {
    format_version: plan.format_version,
    kinds: plan.kinds,
    summary: plan.summary,
    summary_by_kind: plan.summary_by_kind,
    ...(plan.live_counts === undefined ? {} : { live_counts: plan.live_counts }),
    changes: plan.changes,
    unmanaged: plan.unmanaged,
    ignored: plan.ignored,
    ...(plan.target === undefined ? {} : { target: plan.target }),
    ...(plan.targeting === undefined ? {} : { targeting: plan.targeting }),
    ...(plan.names === undefined ? {} : { names: plan.names }),
  };
  const { value, marked } = markRedacted(document, salt);
  return `${JSON.stringify(marked === 0 ? value : { ...(value as object), redaction_salt: salt }, null, 2)}\n`;
}

/**
 * A plan read back from JSON, with where it held redacted values (see restoreRedacted). It has no
 * live counts, so checkSafety does not take it: the counts saved with it are checked for their shape
 * and dropped, as the settings may have changed since and the account hold more resources now;
 * apply counts its fresh listing (safety.countLive).
 */
export interface SavedPlan extends Omit<Plan, 'live_counts'> {
  readonly redacted: readonly RedactedValue[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(where: string, what: string): never {
  throw new UserInputError(`plan file: ${where} ${what}; write it again with \`flexflow-sync plan --out FILE\``);
}

function requireString(value: unknown, where: string): void {
  if (typeof value !== 'string') fail(where, 'must be a string');
}

function isKindName(value: unknown): value is KindName {
  return KIND_NAMES.includes(value as KindName);
}

function requireKind(value: unknown, where: string): KindName {
  if (!isKindName(value)) fail(where, `must be one of ${KIND_NAMES.join(', ')}`);
  return value;
}

function requireFields(value: unknown, kind: KindName, where: string): void {
  if (!isObject(value)) fail(where, `must be an object of ${kindNamed(kind).noun} fields`);
  requireString(value[kindNamed(kind).key], `${where}.${kindNamed(kind).key}`);
}

function requireSnapshot(value: unknown, kind: KindName, where: string): void {
  if (!isObject(value)) fail(where, `must be a live ${kindNamed(kind).noun} snapshot`);
  requireString(value.sid, `${where}.sid`);
  requireString(value.date_updated, `${where}.date_updated`);
  requireFields(value.fields, kind, `${where}.fields`);
}

function checkChange(value: unknown, where: string): asserts value is Change {
  if (!isObject(value)) fail(where, 'must be an object');
  if (!ACTIONS.includes(value.action as Action)) fail(`${where}.action`, `must be one of ${ACTIONS.join(', ')}`);
  const kind = requireKind(value.kind, `${where}.kind`);
  requireString(value.key, `${where}.key`);
  if (value.action !== 'create') requireSnapshot(value.before, kind, `${where}.before`);
  if (value.action === 'create' || value.action === 'update' || value.action === 'replace')
    requireFields(value.after, kind, `${where}.after`);
  if (value.action === 'update' || value.action === 'replace') {
    if (!Array.isArray(value.changes) || value.changes.length === 0) fail(`${where}.changes`, 'must list the field changes');
    value.changes.forEach((field: unknown, index) => {
      if (!isObject(field)) fail(`${where}.changes[${index}]`, 'must be an object');
      requireString(field.path, `${where}.changes[${index}].path`);
    });
    if (!isObject(value.send)) fail(`${where}.send`, 'must be an object');
  }
  if (value.action === 'replace') checkNames(value.forced_by, `${where}.forced_by`);
}

function checkTarget(value: unknown): PlanTarget {
  if (!isObject(value)) fail('target', 'must be an object');
  requireString(value.account_sid, 'target.account_sid');
  requireString(value.api_host, 'target.api_host');
  return { account_sid: value.account_sid as string, api_host: value.api_host as string };
}

/** `targeting`, optional: a plan without it is a whole plan, as before `--target`. */
function checkTargeting(value: unknown): Targeting {
  if (!isObject(value)) fail('targeting', 'must be an object');
  checkNames(value.globs, 'targeting.globs');
  if (!Array.isArray(value.left_out)) fail('targeting.left_out', 'must be a list of {kind, key, action}');
  const refs = checkRefs(value.left_out, 'targeting.left_out');
  const left_out = refs.map((ref, index) => {
    const action = (value.left_out as Json[])[index]?.action;
    if (!ACTIONS.includes(action as Action)) fail(`targeting.left_out[${index}].action`, `must be one of ${ACTIONS.join(', ')}`);
    return { ...ref, action: action as Action };
  });
  return { globs: value.globs, left_out };
}

function checkPosition(value: unknown, where: string): SourcePosition {
  if (!isObject(value)) fail(where, 'must be an object with file, line and column');
  requireString(value.file, `${where}.file`);
  if (findUnprintable(value.file as string) !== undefined) fail(`${where}.file`, 'must be a printable path');
  if (!Number.isSafeInteger(value.line) || !Number.isSafeInteger(value.column)) fail(where, 'must have a whole line and column');
  return { file: value.file as string, line: value.line as number, column: value.column as number };
}

function checkWorkspace(value: unknown, where: string): NonNullable<PlanName['workspace']> {
  if (isObject(value) && Object.keys(value).length === 1 && (typeof value.sid === 'string' || typeof value.name === 'string')) {
    return typeof value.sid === 'string' ? { sid: value.sid } : { name: value.name as string };
  }
  fail(where, 'must be {"sid": …} or {"name": …}');
}

/** The names the plan resolved (issue 20): apply resolves each again before it sends anything. */
function checkPlanNames(value: unknown, kinds: readonly KindName[]): PlanName[] {
  if (!Array.isArray(value)) fail('names', 'must be a list');
  return value.map((item: unknown, index) => {
    const where = `names[${index}]`;
    if (!isObject(item)) fail(where, 'must be an object');
    const kind = requireKind(item.kind, `${where}.kind`);
    if (!kinds.includes(kind)) fail(`${where}.kind`, "is not one of the plan's kinds");
    for (const field of ['key', 'path', 'name', 'sid'] as const) requireString(item[field], `${where}.${field}`);
    if (!TARGET_KINDS.includes(item.target as TargetKind)) fail(`${where}.target`, `must be one of ${TARGET_KINDS.join(', ')}`);
    // Printed in apply's refusal: only a SID of the target's kind, never text that could drive a terminal.
    const prefix = LOOKUP_TARGETS[item.target as TargetKind].sidPrefix;
    if (!sidPattern(prefix).test(item.sid as string)) fail(`${where}.sid`, `must be ${prefix} followed by 32 hex digits`);
    return {
      kind,
      key: item.key as string,
      path: item.path as string,
      target: item.target as TargetKind,
      name: item.name as string,
      ...(item.workspace === undefined ? {} : { workspace: checkWorkspace(item.workspace, `${where}.workspace`) }),
      sid: item.sid as string,
      source: checkPosition(item.source, `${where}.source`),
    };
  });
}

/**
 * `live_counts`, optional (plans saved before it have none): checked as input, then not used (see
 * SavedPlan). When present it counts each of the plan's kinds and no other, as makePlan writes it
 * (-0 reads as 0, a whole number like any other).
 */
function checkLiveCounts(value: unknown, kinds: readonly KindName[]): void {
  if (!isObject(value)) fail('live_counts', 'must be an object of {total, managed} per kind');
  if (kinds.some((kind) => !Object.hasOwn(value, kind))) fail('live_counts', `must count each of the plan's kinds (${kinds.join(', ')})`);
  for (const [name, counts] of Object.entries(value)) {
    // The key is not echoed unless it is a kind: a hostile file's text stays out of the error.
    if (!kinds.includes(name as KindName)) fail('live_counts', `must count only the plan's kinds (${kinds.join(', ')})`);
    const where = `live_counts.${name}`;
    if (!isObject(counts) || Object.keys(counts).length !== 2) fail(where, 'must be {"total": …, "managed": …}');
    for (const field of ['total', 'managed'] as const) {
      const count = counts[field];
      if (!Number.isSafeInteger(count) || (count as number) < 0) fail(`${where}.${field}`, 'must be a whole number, 0 or more');
    }
    if ((counts.managed as number) > (counts.total as number)) fail(`${where}.managed`, 'must not be more than its total');
  }
}

function checkNames(value: unknown, where: string): asserts value is string[] {
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) fail(where, 'must be a list of names');
}

function checkRefs(value: unknown, where: string): ResourceRef[] {
  if (!Array.isArray(value)) fail(where, 'must be a list of {kind, key}');
  return value.map((ref: unknown, index) => {
    if (!isObject(ref)) fail(`${where}[${index}]`, 'must be an object with kind and key');
    requireString(ref.key, `${where}[${index}].key`);
    return { kind: requireKind(ref.kind, `${where}[${index}].kind`), key: ref.key as string };
  });
}

function checkKinds(value: unknown): KindName[] {
  if (!Array.isArray(value) || !value.every(isKindName)) fail('kinds', `must be a list of ${KIND_NAMES.join(', ')}`);
  // KINDS order, each once: the order plans group by.
  return KINDS.map((kind) => kind.name).filter((name) => value.includes(name));
}

/** The line that refuses a plan file of another format version. */
function versionRefusal(version: unknown): string {
  const remake = 'run `flexflow-sync plan --out FILE` again with this version';
  if (version === 2)
    return `plan file has format_version 2, from a flexflow-sync before names instead of SIDs and migrations, which this one (format_version ${PLAN_FORMAT_VERSION}) does not apply; ${remake}`;
  if (version === 1)
    return `plan file has format_version 1, from a flexflow-sync before resource kinds, which this one (format_version ${PLAN_FORMAT_VERSION}) does not apply; ${remake}`;
  return `plan file has format_version ${JSON.stringify(version)}, but this flexflow-sync reads version ${PLAN_FORMAT_VERSION}; ${remake}`;
}

/** Reads a saved plan, checking its version and shape; every problem is a one-line UserInputError. */
export function parsePlanFile(text: string): SavedPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserInputError(`plan file is not valid JSON (${(error as Error).message}); write it with \`flexflow-sync plan --out FILE\``);
  }
  if (!isObject(parsed)) fail('the document', 'must be a JSON object');
  if (parsed.format_version !== PLAN_FORMAT_VERSION) throw new UserInputError(versionRefusal(parsed.format_version));
  const salt = parsed.redaction_salt;
  if (salt !== undefined) requireString(salt, 'redaction_salt');
  const { value, redacted, damaged } = unmarkRedacted(parsed, salt as string | undefined);
  if (damaged !== undefined) fail(damaged.join('.'), "is a redacted value without its sha256 digest or the plan's redaction_salt");
  const document = value as Json;
  if (!Array.isArray(document.changes)) fail('changes', 'must be a list');
  document.changes.forEach((change: unknown, index) => checkChange(change, `changes[${index}]`));
  const kinds = checkKinds(document.kinds);
  const changes = document.changes as Change[];
  const stray = changes.findIndex((change) => !kinds.includes(change.kind));
  if (stray >= 0) fail(`changes[${stray}].kind`, "is not one of the plan's kinds");
  if (document.live_counts !== undefined) checkLiveCounts(document.live_counts, kinds);
  const summary = summarize(changes);
  const stated = document.summary;
  if (!isObject(stated) || ACTIONS.some((action) => stated[action] !== summary[action])) {
    fail('summary', 'does not match its changes');
  }
  const byKind = summarizeByKind(kinds, changes);
  const statedByKind = document.summary_by_kind;
  const matches = (expected: ReturnType<typeof summarizeByKind>): boolean =>
    kinds.every((kind) => {
      const counts = (statedByKind as Json)[kind];
      return isObject(counts) && ACTIONS.every((action) => counts[action] === expected[kind]?.[action]);
    });
  // Plans saved before a migration counted as one migrate per kind still apply: the changes are what apply reads.
  if (
    !isObject(statedByKind) ||
    Object.keys(statedByKind).length !== kinds.length ||
    !(matches(byKind) || matches(summarizeByKind(kinds, changes, true)))
  ) {
    fail('summary_by_kind', 'does not match its changes');
  }
  return {
    format_version: PLAN_FORMAT_VERSION,
    kinds,
    changes,
    summary,
    summary_by_kind: byKind,
    unmanaged: checkRefs(document.unmanaged, 'unmanaged'),
    ignored: checkRefs(document.ignored, 'ignored'),
    ...(document.target === undefined ? {} : { target: checkTarget(document.target) }),
    ...(document.targeting === undefined ? {} : { targeting: checkTargeting(document.targeting) }),
    ...(document.names === undefined ? {} : { names: checkPlanNames(document.names, kinds) }),
    redacted,
  };
}
