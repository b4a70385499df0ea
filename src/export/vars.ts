import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS, type FlowFields } from '../model/flexFlow.js';
import { sidPattern, type FieldSpec } from '../model/field.js';
import { compareText } from '../compareText.js';
import { canonicalSid } from '../plan/normalize.js';

/** Hex digits of the SID's tail that tell two SIDs of one role apart; more only if two still clash. */
const DISAMBIGUATOR_LENGTH = 6;

/** The fields whose values are account-specific: every SID field of the table. */
const LIFTED_TOP_LEVEL = TOP_LEVEL_FIELDS.filter((spec) => spec.sidPrefix);
const LIFTED_INTEGRATION = INTEGRATION_FIELDS.filter((spec) => spec.sidPrefix);

export interface LiftedVariables {
  /** The flows with every SID field replaced by `${NAME}`. */
  readonly flows: FlowFields[];
  /** NAME → SID, sorted by NAME. */
  readonly vars: ReadonlyMap<string, string>;
}

function isLiftable(spec: FieldSpec, value: unknown): value is string {
  return typeof value === 'string' && spec.sidPrefix !== undefined && sidPattern(spec.sidPrefix).test(value);
}

/**
 * Names for the SIDs of one role (field): `CHAT_SERVICE_SID_1A2B3C`, the role plus the SID's last hex
 * digits. A name depends only on its SID (and, in the astronomically rare case that two SIDs of a
 * role end alike, on those two), so re-exporting after flows were added renames nothing, and the
 * name can be matched to the Console by eye.
 */
export function namesForRole(role: string, sids: ReadonlySet<string>): Map<string, string> {
  const names = new Map<string, string>();
  const pending = [...sids].sort(compareText);
  for (let length = DISAMBIGUATOR_LENGTH; pending.length > 0; length += 2) {
    const byTail = new Map<string, string[]>();
    for (const sid of pending) {
      const tail = sid.slice(-length).toUpperCase();
      byTail.set(tail, [...(byTail.get(tail) ?? []), sid]);
    }
    pending.length = 0;
    for (const [tail, group] of byTail) {
      if (group.length === 1 || length >= 32) names.set(group[0] as string, `${role}_${tail}`);
      else pending.push(...group);
    }
  }
  return names;
}

function collect(flows: readonly FlowFields[]): Map<string, Set<string>> {
  const byRole = new Map<string, Set<string>>();
  const add = (spec: FieldSpec, value: unknown): void => {
    if (!isLiftable(spec, value)) return;
    const role = spec.name.toUpperCase();
    byRole.set(role, (byRole.get(role) ?? new Set()).add(canonicalSid(value)));
  };
  for (const flow of flows) {
    for (const spec of LIFTED_TOP_LEVEL) add(spec, flow[spec.name as keyof FlowFields]);
    for (const spec of LIFTED_INTEGRATION) add(spec, flow.integration?.[spec.name as keyof typeof flow.integration]);
  }
  return byRole;
}

/**
 * Lifts every account-specific SID (chat service, Studio flow, TaskRouter workspace and workflow)
 * into a `${NAME}` variable, so that one set of files serves several accounts, each with its own var
 * file. The same SID always gets the same name. Run after escapeTemplates, so the `${` written here
 * is not escaped.
 */
export function liftVariables(flows: readonly FlowFields[]): LiftedVariables {
  const nameOf = new Map<string, Map<string, string>>();
  const vars = new Map<string, string>();
  for (const [role, sids] of collect(flows)) {
    const names = namesForRole(role, sids);
    nameOf.set(role, names);
    for (const [sid, name] of names) vars.set(name, sid);
  }
  const replace = (spec: FieldSpec, value: unknown): unknown => {
    if (!isLiftable(spec, value)) return value;
    return `\${${nameOf.get(spec.name.toUpperCase())?.get(canonicalSid(value)) as string}}`;
  };
  const lifted = flows.map((flow) => {
    const out: Record<string, unknown> = { ...flow };
    for (const spec of LIFTED_TOP_LEVEL) if (Object.hasOwn(flow, spec.name)) out[spec.name] = replace(spec, out[spec.name]);
    if (flow.integration) {
      const integration: Record<string, unknown> = { ...flow.integration };
      for (const spec of LIFTED_INTEGRATION) if (Object.hasOwn(integration, spec.name)) integration[spec.name] = replace(spec, integration[spec.name]);
      out.integration = integration;
    }
    return out as unknown as FlowFields;
  });
  return { flows: lifted, vars: new Map([...vars].sort(([a], [b]) => compareText(a, b))) };
}
