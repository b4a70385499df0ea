import { UserInputError } from '../errors.js';
import { markRedacted, newRedactionSalt, unmarkRedacted, type RedactedValue } from '../plan/redact.js';
import { PLAN_FORMAT_VERSION, type Action, type Change, type Plan } from '../plan/types.js';
import { summarize } from '../plan/diff.js';
import type { PlanTarget } from '../plan/target.js';

/**
 * The saved plan: the versioned JSON document `plan --out` writes and `apply PLANFILE` executes.
 * Strings that held credentials are written as `{"redacted": true, "value": "<redacted>", "sha256":
 * "<salted digest>"}`, with the salt in `redaction_salt` (present only then: a plan without secrets
 * is the same bytes for the same inputs). `salt` is for tests; by default each plan draws its own.
 */
export function renderJson(plan: Plan, salt: string = newRedactionSalt()): string {
  const document = {
    format_version: plan.format_version,
    summary: plan.summary,
    changes: plan.changes,
    unmanaged: plan.unmanaged,
    ignored: plan.ignored,
    ...(plan.target === undefined ? {} : { target: plan.target }),
  };
  const { value, marked } = markRedacted(document, salt);
  return `${JSON.stringify(marked === 0 ? value : { ...(value as object), redaction_salt: salt }, null, 2)}\n`;
}

/** A plan read back from JSON, with where it held redacted values (see plan/redact restoreRedacted). */
export interface SavedPlan extends Plan {
  readonly redacted: readonly RedactedValue[];
}

const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'noop'];

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

function requireFields(value: unknown, where: string): void {
  if (!isObject(value)) fail(where, 'must be an object of flow fields');
  requireString(value.friendly_name, `${where}.friendly_name`);
}

function requireSnapshot(value: unknown, where: string): void {
  if (!isObject(value)) fail(where, 'must be a live flow snapshot');
  requireString(value.sid, `${where}.sid`);
  requireString(value.date_updated, `${where}.date_updated`);
  requireFields(value.fields, `${where}.fields`);
}

function checkChange(value: unknown, where: string): asserts value is Change {
  if (!isObject(value)) fail(where, 'must be an object');
  if (!ACTIONS.includes(value.action as Action)) fail(`${where}.action`, `must be one of ${ACTIONS.join(', ')}`);
  requireString(value.friendly_name, `${where}.friendly_name`);
  if (value.action !== 'create') requireSnapshot(value.before, `${where}.before`);
  if (value.action === 'create' || value.action === 'update') requireFields(value.after, `${where}.after`);
  if (value.action === 'update') {
    if (!Array.isArray(value.changes) || value.changes.length === 0) fail(`${where}.changes`, 'must list the field changes');
    value.changes.forEach((field: unknown, index) => {
      if (!isObject(field)) fail(`${where}.changes[${index}]`, 'must be an object');
      requireString(field.path, `${where}.changes[${index}].path`);
    });
    if (!isObject(value.send)) fail(`${where}.send`, 'must be an object');
  }
}

function checkTarget(value: unknown): PlanTarget {
  if (!isObject(value)) fail('target', 'must be an object');
  requireString(value.account_sid, 'target.account_sid');
  requireString(value.api_host, 'target.api_host');
  return { account_sid: value.account_sid as string, api_host: value.api_host as string };
}

function checkNames(value: unknown, where: string): asserts value is string[] {
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) fail(where, 'must be a list of names');
}

/** Reads a saved plan, checking its version and shape; every problem is a one-line UserInputError. */
export function parsePlanJson(text: string): SavedPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserInputError(`plan file is not valid JSON (${(error as Error).message}); write it with \`flexflow-sync plan --out FILE\``);
  }
  if (!isObject(parsed)) fail('the document', 'must be a JSON object');
  if (parsed.format_version !== PLAN_FORMAT_VERSION) {
    throw new UserInputError(
      `plan file has format_version ${JSON.stringify(parsed.format_version)}, but this flexflow-sync reads version ` +
        `${PLAN_FORMAT_VERSION}; make the plan again with this version`,
    );
  }
  const salt = parsed.redaction_salt;
  if (salt !== undefined) requireString(salt, 'redaction_salt');
  const { value, redacted, damaged } = unmarkRedacted(parsed, salt as string | undefined);
  if (damaged !== undefined) fail(damaged.join('.'), 'is a redacted value without its sha256 digest or the plan\'s redaction_salt');
  const document = value as Json;
  if (!Array.isArray(document.changes)) fail('changes', 'must be a list');
  document.changes.forEach((change: unknown, index) => checkChange(change, `changes[${index}]`));
  checkNames(document.unmanaged, 'unmanaged');
  checkNames(document.ignored, 'ignored');
  const changes = document.changes as Change[];
  const summary = summarize(changes);
  const stated = document.summary;
  if (!isObject(stated) || ACTIONS.some((action) => stated[action] !== summary[action])) {
    fail('summary', 'does not match its changes');
  }
  return {
    format_version: PLAN_FORMAT_VERSION,
    changes,
    summary,
    unmanaged: document.unmanaged,
    ignored: document.ignored,
    ...(document.target === undefined ? {} : { target: checkTarget(document.target) }),
    redacted,
  };
}
