import { sidPattern, type FieldSpec } from '../model/field.js';
import type { ResourceKind } from '../model/kind.js';
import { compareText } from '../compareText.js';
import { canonicalSid } from '../model/normalizeValue.js';

/** Longest part of a variable name taken from a key, so that names stay readable. */
const MAX_TAIL_LENGTH = 40;

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
 * A key as the tail of a variable name: `Support SMS #3` → `SUPPORT_SMS_3`, `+15005550006` →
 * `15005550006`. Letters lose their accents; what is not a letter or digit becomes `_`. Empty (a
 * name in a script without Latin letters) gives `RESOURCE`, which `uniqueName` numbers.
 */
export function nameTail(key: string): string {
  const tail = key
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .slice(0, MAX_TAIL_LENGTH)
    .replace(/^_+|_+$/g, '');
  return tail === '' ? 'RESOURCE' : tail;
}

/** `base`, else `base_2`, `base_3`, …: the first not in `taken`, which it joins. */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

/**
 * Names for the SIDs of one role (field), by what they are for rather than what they are, so that
 * one set of files serves every account whose resources are alike: the role alone
 * (`CHAT_SERVICE_SID`) when the export uses one value; otherwise the role and the first key (in
 * sort order) of the resources that use each value (`CHAT_SERVICE_SID_SUPPORT_SMS`), numbered when
 * two tails clash. `usersOf` maps each SID to the keys of the resources that use it.
 */
function namesForRole(role: string, usersOf: ReadonlyMap<string, readonly string[]>, taken: Set<string>): Map<string, string> {
  const names = new Map<string, string>();
  const firstUser = (sid: string): string => [...(usersOf.get(sid) ?? [])].sort(compareText)[0] ?? '';
  const sids = [...usersOf.keys()].sort((a, b) => compareText(firstUser(a), firstUser(b)) || compareText(a, b));
  for (const sid of sids) names.set(sid, uniqueName(sids.length === 1 ? role : `${role}_${nameTail(firstUser(sid))}`, taken));
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

/** Role → SID → the keys of the resources that use it. */
function collect(resources: readonly KindFields[]): Map<string, Map<string, string[]>> {
  const byRole = new Map<string, Map<string, string[]>>();
  for (const resource of resources) {
    for (const { spec, value } of sidFields(resource)) {
      if (!isLiftable(spec, value)) continue;
      const role = spec.name.toUpperCase();
      const users = byRole.get(role) ?? new Map<string, string[]>();
      const sid = canonicalSid(value);
      users.set(sid, [...(users.get(sid) ?? []), String(resource.fields[resource.kind.key])]);
      byRole.set(role, users);
    }
  }
  return byRole;
}

/**
 * Lifts every account-specific SID (chat or conversation service, Studio flow, TaskRouter workspace
 * and workflow: every SID field of each kind's table) into a `${NAME}` variable, so that one set of
 * files serves several accounts, each with its own var file. The same SID in the same field always
 * gets the same name, and accounts that differ only in SIDs get the same names (see namesForRole).
 * `taken` holds names already in use, and gets these. Run after escapeTemplates, so the `${` written
 * here is not escaped.
 */
export function liftVariables(resources: readonly KindFields[], taken: Set<string> = new Set()): LiftedVariables {
  const nameOf = new Map<string, Map<string, string>>();
  const vars = new Map<string, string>();
  for (const [role, usersOf] of [...collect(resources)].sort(([a], [b]) => compareText(a, b))) {
    const names = namesForRole(role, usersOf, taken);
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
      for (const spec of kind.group.fields)
        if (spec.sidPrefix && Object.hasOwn(copy, spec.name)) copy[spec.name] = replace(spec, copy[spec.name]);
      out[kind.group.name] = copy;
    }
    return { kind, fields: out };
  });
  return { resources: lifted, vars: new Map([...vars].sort(([a], [b]) => compareText(a, b))) };
}
