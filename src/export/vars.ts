import { sidPattern, type FieldSpec } from '../model/field.js';
import type { ResourceKind } from '../model/kind.js';
import { compareText } from '../compareText.js';
import { canonicalSid } from '../plan/normalize.js';

/** Hex digits of the SID's tail that tell two SIDs of one role apart; more only if two still clash. */
const DISAMBIGUATOR_LENGTH = 6;

/** A resource's fields with its kind, as export handles them. */
export interface KindFields {
  readonly kind: ResourceKind;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface LiftedVariables {
  /** The resources with every SID field replaced by `${NAME}`. */
  readonly resources: KindFields[];
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

/** Each SID field of a resource (the account-specific values), with its value. */
function sidFields({ kind, fields }: KindFields): { spec: FieldSpec; value: unknown }[] {
  const group = fields[kind.group.name];
  const inGroup = group !== null && typeof group === 'object' ? (group as Record<string, unknown>) : {};
  return [
    ...kind.fields.filter((spec) => spec.sidPrefix).map((spec) => ({ spec, value: fields[spec.name] })),
    ...kind.group.fields.filter((spec) => spec.sidPrefix).map((spec) => ({ spec, value: inGroup[spec.name] })),
  ];
}

function collect(resources: readonly KindFields[]): Map<string, Set<string>> {
  const byRole = new Map<string, Set<string>>();
  for (const resource of resources) {
    for (const { spec, value } of sidFields(resource)) {
      if (!isLiftable(spec, value)) continue;
      const role = spec.name.toUpperCase();
      byRole.set(role, (byRole.get(role) ?? new Set()).add(canonicalSid(value)));
    }
  }
  return byRole;
}

/**
 * Lifts every account-specific SID (chat or conversation service, Studio flow, TaskRouter workspace
 * and workflow: every SID field of each kind's table) into a `${NAME}` variable, so that one set of
 * files serves several accounts, each with its own var file. The same SID in the same field always
 * gets the same name. Run after escapeTemplates, so the `${` written here is not escaped.
 */
export function liftVariables(resources: readonly KindFields[]): LiftedVariables {
  const nameOf = new Map<string, Map<string, string>>();
  const vars = new Map<string, string>();
  for (const [role, sids] of collect(resources)) {
    const names = namesForRole(role, sids);
    nameOf.set(role, names);
    for (const [sid, name] of names) vars.set(name, sid);
  }
  const replace = (spec: FieldSpec, value: unknown): unknown => {
    if (!isLiftable(spec, value)) return value;
    return `\${${nameOf.get(spec.name.toUpperCase())?.get(canonicalSid(value)) as string}}`;
  };
  const lifted = resources.map(({ kind, fields }) => {
    const out: Record<string, unknown> = { ...fields };
    for (const spec of kind.fields) if (spec.sidPrefix && Object.hasOwn(fields, spec.name)) out[spec.name] = replace(spec, out[spec.name]);
    const group = fields[kind.group.name];
    if (group !== null && typeof group === 'object') {
      const copy: Record<string, unknown> = { ...group };
      for (const spec of kind.group.fields) if (spec.sidPrefix && Object.hasOwn(copy, spec.name)) copy[spec.name] = replace(spec, copy[spec.name]);
      out[kind.group.name] = copy;
    }
    return { kind, fields: out };
  });
  return { resources: lifted, vars: new Map([...vars].sort(([a], [b]) => compareText(a, b))) };
}
