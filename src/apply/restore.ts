import { INTEGRATION_FIELDS, type FlexFlow, type FlowFields, type Integration } from '../model/flexFlow.js';
import { liveToFields } from '../plan/normalize.js';

/**
 * What puts a flow back as it was before an update sent `send`: each sent top-level field with its
 * old value, and the whole integration as it was, with every field the update set and the old one
 * lacked sent empty (Twilio's form API clears a field with an empty value).
 */
export function revertUpdate(before: FlexFlow, send: Partial<FlowFields>): Partial<FlowFields> {
  const old = liveToFields(before) as unknown as Record<string, unknown>;
  const revert: Record<string, unknown> = {};
  for (const key of Object.keys(send)) if (key !== 'integration') revert[key] = old[key] ?? null;
  if (Object.hasOwn(send, 'integration')) {
    const previous = (before.integration ?? {}) as Record<string, unknown>;
    const sent = (send.integration ?? {}) as Record<string, unknown>;
    const integration: Record<string, unknown> = {};
    for (const spec of INTEGRATION_FIELDS) {
      if (Object.hasOwn(previous, spec.name) || Object.hasOwn(sent, spec.name)) integration[spec.name] = previous[spec.name] ?? null;
    }
    revert.integration = integration as Integration;
  }
  return revert as Partial<FlowFields>;
}
