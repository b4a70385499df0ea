import {
  INTEGRATION_FIELDS,
  INTEGRATION_TYPES,
  REQUIRED_INTEGRATION_FIELDS,
  TOP_LEVEL_FIELDS,
  type Integration,
  type IntegrationType,
} from '../model/flexFlow.js';
import type { FlowPatch, WriteMode } from './params.js';
import type { FlowValues } from './store.js';

/** What a create stores for fields it did not post: booleans false, everything else empty. */
export function createDefaults(): FlowValues {
  return {
    friendly_name: '',
    chat_service_sid: null,
    channel_type: null,
    contact_identity: null,
    enabled: false,
    integration_type: null,
    integration: null,
    long_lived: false,
    janitor_enabled: false,
  };
}

/**
 * Posted integration fields merged into the current ones, in the field table's order. A cleared
 * field disappears (the API echoes only the integration fields that are set); no fields left → null.
 */
function mergeIntegration(current: Integration | null, posted: FlowPatch['integration']): Integration | null {
  const merged: Record<string, unknown> = {};
  for (const spec of INTEGRATION_FIELDS) {
    const value = Object.hasOwn(posted, spec.name) ? posted[spec.name] : current?.[spec.name as keyof Integration];
    if (value !== null && value !== undefined) merged[spec.name] = value;
  }
  return Object.keys(merged).length === 0 ? null : (merged as Integration);
}

/** The values a flow has after a create (`current` undefined) or an update with `patch`. */
export function applyPatch(current: FlowValues | undefined, patch: FlowPatch): FlowValues {
  const next = { ...(current ?? createDefaults()) } as Record<string, unknown>;
  for (const spec of TOP_LEVEL_FIELDS) {
    if (Object.hasOwn(patch.fields, spec.name)) next[spec.name] = patch.fields[spec.name];
  }
  next.integration = mergeIntegration(current?.integration ?? null, patch.integration);
  return next as unknown as FlowValues;
}

function isIntegrationType(value: unknown): value is IntegrationType {
  return (INTEGRATION_TYPES as readonly unknown[]).includes(value);
}

/**
 * "Required when integrationType is …": checked when the request sets the integration type (a
 * create, or an update that posts IntegrationType), against the flow's resulting integration.
 */
export function missingIntegrationParam(values: FlowValues, patch: FlowPatch, mode: WriteMode): string | undefined {
  if (mode === 'update' && !Object.hasOwn(patch.fields, 'integration_type')) return undefined;
  const type = values.integration_type;
  if (!isIntegrationType(type)) return undefined;
  for (const name of REQUIRED_INTEGRATION_FIELDS[type]) {
    const value = values.integration?.[name as keyof Integration];
    if (value === null || value === undefined) {
      const param = INTEGRATION_FIELDS.find((spec) => spec.name === name)?.param ?? name;
      return `Missing required parameter ${param} when IntegrationType is ${type}`;
    }
  }
  return undefined;
}

/**
 * The other enabled flow that already holds `values`' contact identity with the same integration type,
 * if any. Twilio says inbound flows are checked for conflicts across contact identity and integration
 * type without documenting the rule or the error code; the emulator enforces this reading so that
 * tests meet the refusal, and the tool orders its writes so that it is safe under any stricter rule.
 */
export function identityHolder<T extends FlowValues>(flows: Iterable<T>, values: FlowValues, self: T | undefined): T | undefined {
  if (values.enabled !== true || values.contact_identity === null || values.contact_identity === '') return undefined;
  for (const flow of flows) {
    if (flow === self || flow.enabled !== true) continue;
    if (flow.contact_identity === values.contact_identity && flow.integration_type === values.integration_type) return flow;
  }
  return undefined;
}
