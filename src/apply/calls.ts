import { redactUrlCredentials } from '../redactUrl.js';
import { type FormParams, toFormParams } from '../model/form.js';
import type { KindName, ResourceFields, ResourceKind } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
import type { Plan } from '../plan/types.js';
import { applyOrder } from './order.js';
import type { ExecutableChange } from './report.js';

/** One request apply would make; what `--dry-run` prints instead of sending. */
export interface ApiCall {
  readonly action: ExecutableChange['action'];
  readonly kind: KindName;
  readonly key: string;
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  /** Form fields with Twilio's names (a list: the parameter repeated); credentials in URLs redacted. */
  readonly form?: FormParams;
}

function redactedForm(kind: ResourceKind, fields: ResourceFields): FormParams {
  const redact = (value: string | readonly string[]) =>
    typeof value === 'string' ? redactUrlCredentials(value) : value.map((item) => redactUrlCredentials(item));
  return Object.fromEntries(Object.entries(toFormParams(kind, fields)).map(([key, value]) => [key, redact(value)]));
}

function callsFor(change: ExecutableChange): ApiCall[] {
  const common = { action: change.action, kind: change.kind, key: change.key };
  const kind = kindNamed(change.kind);
  const collection = kind.api.collection;
  switch (change.action) {
    case 'create':
      return [{ ...common, method: 'POST', path: collection, form: redactedForm(kind, change.after) }];
    case 'update':
      return [{ ...common, method: 'POST', path: `${collection}/${change.before.sid}`, form: redactedForm(kind, change.send) }];
    case 'replace':
      // The key is unique: the old resource must go before the new one can be made.
      return [
        { ...common, method: 'DELETE', path: `${collection}/${change.before.sid}` },
        { ...common, method: 'POST', path: collection, form: redactedForm(kind, change.send) },
      ];
    case 'delete':
      return [{ ...common, method: 'DELETE', path: `${collection}/${change.before.sid}` }];
  }
}

/**
 * The writes that executing `plan` makes, in the order apply makes them: each contact identity that
 * moves freed, then taken; the other creates, updates and replacements; then the deletes (sent only
 * when every write succeeded).
 */
export function planApiCalls(plan: Plan): ApiCall[] {
  const { moves, writes, deletes } = applyOrder(plan.changes);
  return [...moves.flatMap((move): ExecutableChange[] => [move.from, move.to]), ...writes, ...deletes].flatMap(callsFor);
}
