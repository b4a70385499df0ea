import { redactUrlCredentials } from '../redactUrl.js';
import { type FlowFields, toFormParams } from '../model/flexFlow.js';
import type { KindName, ResourceFields } from '../model/kind.js';
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
  /** Form fields with Twilio's names; credentials in URLs redacted. */
  readonly form?: Readonly<Record<string, string>>;
}

function redactedForm(fields: ResourceFields): Record<string, string> {
  const form = toFormParams(fields as Partial<FlowFields>);
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, redactUrlCredentials(value)]));
}

function callsFor(change: ExecutableChange): ApiCall[] {
  const common = { action: change.action, kind: change.kind, key: change.key };
  const collection = kindNamed(change.kind).api.collection;
  switch (change.action) {
    case 'create':
      return [{ ...common, method: 'POST', path: collection, form: redactedForm(change.after) }];
    case 'update':
      return [{ ...common, method: 'POST', path: `${collection}/${change.before.sid}`, form: redactedForm(change.send) }];
    case 'replace':
      // The key is unique: the old resource must go before the new one can be made.
      return [
        { ...common, method: 'DELETE', path: `${collection}/${change.before.sid}` },
        { ...common, method: 'POST', path: collection, form: redactedForm(change.send) },
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
