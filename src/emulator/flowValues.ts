import {
  INTEGRATION_FIELDS,
  INTEGRATION_TYPES,
  REQUIRED_INTEGRATION_FIELDS,
  TOP_LEVEL_FIELDS,
  type Integration,
  type IntegrationType,
} from '../model/flexFlow.js';
import type { FlowPatch } from './params.js';
import type { FlowValues } from './store.js';

/**
 * What a create stores for fields it did not post: Twilio's documented defaults (`LongLived` and
 * `JanitorEnabled` false; `integration_type` studio, since the resource's enum is not nullable and
 * "Manage Flex Flows" names Studio the default), everything else empty.
 */
export function createDefaults(): FlowValues {
  return {
    friendly_name: '',
    chat_service_sid: null,
    channel_type: null,
    contact_identity: null,
    enabled: false,
    integration_type: 'studio',
    integration: null,
    long_lived: false,
    janitor_enabled: false,
  };
}

/** The documented `Integration.*` defaults, by integration type (OpenAPI descriptions and the seed docs page). */
const INTEGRATION_DEFAULTS: Readonly<Record<IntegrationType, Partial<Integration>>> = Object.freeze({
  studio: { retry_count: 3 },
  external: { retry_count: 3 },
  task: { channel: 'default', timeout: 86_400, priority: 0 },
});

/** A created flow's integration with the defaults of its type filled in where the create left them out. */
export function withIntegrationDefaults(values: FlowValues): FlowValues {
  const type = values.integration_type;
  if (!isIntegrationType(type)) return values;
  return { ...values, integration: mergeIntegration(INTEGRATION_DEFAULTS[type], (values.integration ?? {}) as FlowPatch['integration']) };
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
  return current === undefined ? withIntegrationDefaults(next as unknown as FlowValues) : (next as unknown as FlowValues);
}

function isIntegrationType(value: unknown): value is IntegrationType {
  return (INTEGRATION_TYPES as readonly unknown[]).includes(value);
}

/**
 * "Required when integrationType is …": checked against the flow's resulting integration when the
 * request posts IntegrationType, or clears (`Key=`) a field its integration type requires. A create
 * that leaves the type to its default is not checked: Twilio does not document whether it would
 * require a flow SID then, and accepting it keeps either answer safe for the client (a real refusal
 * names the parameter).
 */
export function missingIntegrationParam(values: FlowValues, patch: FlowPatch): string | undefined {
  const type = values.integration_type;
  if (!isIntegrationType(type)) return undefined;
  const required = REQUIRED_INTEGRATION_FIELDS[type];
  const clears = required.some((name) => Object.hasOwn(patch.integration, name) && patch.integration[name] === null);
  if (!Object.hasOwn(patch.fields, 'integration_type') && !clears) return undefined;
  for (const name of required) {
    const value = values.integration?.[name as keyof Integration];
    if (value === null || value === undefined) {
      const param = INTEGRATION_FIELDS.find((spec) => spec.name === name)?.param ?? name;
      return clears && !Object.hasOwn(patch.fields, 'integration_type')
        ? `Parameter ${param} cannot be empty: IntegrationType is ${type}, which requires it`
        : `Missing required parameter ${param} when IntegrationType is ${type}`;
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
