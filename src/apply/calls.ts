import { redactUrlCredentials } from '../redactUrl.js';
import { toFormParams } from '../model/flexFlow.js';
import type { Plan } from '../plan/types.js';
import { applyOrder } from './order.js';
import type { ExecutableChange } from './report.js';

/** One request apply would make; what `--dry-run` prints instead of sending. */
export interface ApiCall {
  readonly action: ExecutableChange['action'];
  readonly friendly_name: string;
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  /** Form fields with Twilio's names; credentials in URLs redacted. */
  readonly form?: Readonly<Record<string, string>>;
}

const COLLECTION = '/v1/FlexFlows';

function redactForm(form: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, redactUrlCredentials(value)]));
}

function callFor(change: ExecutableChange): ApiCall {
  const common = { action: change.action, friendly_name: change.friendly_name };
  switch (change.action) {
    case 'create':
      return { ...common, method: 'POST', path: COLLECTION, form: redactForm(toFormParams(change.after)) };
    case 'update':
      return { ...common, method: 'POST', path: `${COLLECTION}/${change.before.sid}`, form: redactForm(toFormParams(change.send)) };
    case 'delete':
      return { ...common, method: 'DELETE', path: `${COLLECTION}/${change.before.sid}` };
  }
}

/**
 * The writes that executing `plan` makes, in the order apply makes them: each contact identity that
 * moves freed, then taken; the other creates and updates; then the deletes (sent only when every
 * write succeeded).
 */
export function planApiCalls(plan: Plan): ApiCall[] {
  const { moves, writes, deletes } = applyOrder(plan.changes);
  return [...moves.flatMap((move): ExecutableChange[] => [move.from, move.to]), ...writes, ...deletes].map(callFor);
}
