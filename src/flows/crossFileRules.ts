import type { ResourceKind } from '../model/kind.js';
import { FLEX_FLOW, kindNamed } from '../model/kinds.js';
import { normalizeValue } from '../model/normalizeValue.js';
import { formatPosition, problemAt } from '../source/problems.js';
import { migratedFromKey } from './fields.js';
import type { Problem, SourcePosition } from '../source/types.js';

/** A declared name and where it stands. */
export interface NameAt {
  readonly name: string;
  readonly at: SourcePosition;
}

/** What the rules across files need from each document. */
export interface DeclaredNames {
  readonly kind: ResourceKind;
  /** The key's value (friendly_name, address), when it is text. */
  readonly key?: NameAt;
  readonly renamedFrom: readonly NameAt[];
  /** The document after variables are resolved, for rules of one kind. */
  readonly value: Readonly<Record<string, unknown>>;
  /** Where a pointer's value stands. */
  readonly at: (pointer: string) => SourcePosition;
}

/** The declared keys of one kind, in reading order. */
function keysOf(declared: readonly DeclaredNames[], kind: ResourceKind): NameAt[] {
  return inReadingOrder(declared.flatMap((names) => (names.kind === kind && names.key ? [names.key] : [])));
}

/**
 * The key as the diff matches it (its table's normalisation), so that two spellings of one key meet;
 * lower-cased where its document's type makes case meaningless (an email address: lowerCaseWhen).
 */
function matchKey(kind: ResourceKind, name: string, value: Readonly<Record<string, unknown>>): string {
  const spec = kind.fields.find((field) => field.name === kind.key);
  if (spec === undefined) return name;
  const normalized = String(normalizeValue(spec, name));
  const when = spec.lowerCaseWhen;
  return when !== undefined && when.values.includes(String(value[when.field])) ? normalized.toLowerCase() : normalized;
}

function kindsOf(declared: readonly DeclaredNames[]): ResourceKind[] {
  return [...new Set(declared.map((names) => names.kind))];
}

/** The key matches live resources, so two documents of a kind may not share one. */
function duplicateKeys(declared: readonly DeclaredNames[]): Problem[] {
  return kindsOf(declared).flatMap((kind) => {
    const first = new Map<string, SourcePosition>();
    const problems: Problem[] = [];
    const keys = declared.flatMap((names) =>
      names.kind === kind && names.key ? [{ ...names.key, key: matchKey(kind, names.key.name, names.value) }] : [],
    );
    for (const { name, at, key } of inReadingOrder(keys)) {
      const earlier = first.get(key);
      if (earlier)
        problems.push(
          problemAt(at, 'duplicate-name', `duplicate ${kind.key} ${JSON.stringify(name)}: also declared at ${formatPosition(earlier)}`, [
            name,
          ]),
        );
      else first.set(key, at);
    }
    return problems;
  });
}

/** A rename source must name no declared resource and belong to one only, or plan could not tell which it is. */
function renamedFromCollisions(declared: readonly DeclaredNames[]): Problem[] {
  return kindsOf(declared).flatMap((kind) => {
    const owners = new Map<string, SourcePosition>();
    for (const { name, at } of keysOf(declared, kind)) if (!owners.has(name)) owners.set(name, at);
    const claimed = new Map<string, SourcePosition>();
    const problems: Problem[] = [];
    const sources = inReadingOrder(declared.flatMap((names) => (names.kind === kind ? uniqueNames(names.renamedFrom) : [])));
    for (const { name, at } of sources) {
      const owner = owners.get(name);
      const rival = claimed.get(name);
      if (owner) {
        problems.push(
          problemAt(
            at,
            'renamed-from-collision',
            `renamed_from ${JSON.stringify(name)} is the ${kind.key} declared at ${formatPosition(owner)}; a ${kind.noun} cannot be renamed from a name that is still declared`,
            [name],
          ),
        );
      } else if (rival) {
        problems.push(
          problemAt(
            at,
            'renamed-from-collision',
            `renamed_from ${JSON.stringify(name)} is also listed at ${formatPosition(rival)}; only one ${kind.noun} can be renamed from a name`,
            [name],
          ),
        );
      } else {
        claimed.set(name, at);
      }
    }
    return problems;
  });
}

/** Files that declare more of a kind than an account may hold can never be applied: the first one past the cap says so. */
function accountCap(declared: readonly DeclaredNames[]): Problem[] {
  return kindsOf(declared).flatMap((kind) => {
    const count = declared.filter((names) => names.kind === kind).length;
    if (kind.maxPerAccount === undefined || count <= kind.maxPerAccount) return [];
    const first = keysOf(declared, kind)[kind.maxPerAccount];
    if (first === undefined) return [];
    const cap = kind.maxPerAccount.toLocaleString('en-US');
    const message = `${kind.noun} ${(kind.maxPerAccount + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} declared: Twilio allows at most ${cap} ${kind.nounPlural} per account; declare at most ${cap}`;
    return [problemAt(first.at, 'account-cap', message)];
  });
}

/**
 * A Flex Flow rule. Twilio checks inbound flows for conflicts across contact identity and
 * integration type: two enabled flows declaring both alike could never both be applied, so the
 * second is refused before any call.
 */
function identityConflicts(declared: readonly DeclaredNames[]): Problem[] {
  const first = new Map<string, { name: string; at: SourcePosition }>();
  const problems: Problem[] = [];
  const identities = declared.flatMap(({ kind, key, value, at }) => {
    if (kind !== FLEX_FLOW || value.enabled !== true || typeof value.contact_identity !== 'string' || value.contact_identity === '')
      return [];
    const integrationType = typeof value.integration_type === 'string' ? value.integration_type : null;
    return [{ contactIdentity: value.contact_identity, integrationType, at: at('/contact_identity'), name: key?.name ?? '' }];
  });
  for (const identity of identities.sort((a, b) => comparePositions(a.at, b.at))) {
    const key = JSON.stringify([identity.contactIdentity, identity.integrationType]);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, identity);
      continue;
    }
    const type =
      identity.integrationType === null ? 'no declared integration_type' : `integration_type ${JSON.stringify(identity.integrationType)}`;
    problems.push(
      problemAt(
        identity.at,
        'contact-identity-conflict',
        `contact_identity ${JSON.stringify(identity.contactIdentity)} with ${type} is also used by the enabled flow ` +
          `${JSON.stringify(earlier.name)} at ${formatPosition(earlier.at)}; Twilio refuses two enabled flows alike: disable one or give it another contact_identity`,
        [identity.contactIdentity, earlier.name],
      ),
    );
  }
  return problems;
}

/**
 * One address declared by resources of two kinds (a Flex Flow's contact_identity and an address
 * configuration's address): Twilio routes an address through one of them, and its migration guide
 * deletes the Flex Flow before it creates the address configuration. The later declaration (in
 * reading order) is reported, naming the earlier. An address configuration whose `migrated_from`
 * names a flow no document declares any more is the migrated state, and no conflict.
 */
function addressAcrossKinds(declared: readonly DeclaredNames[]): Problem[] {
  const claims = declared.flatMap(({ kind, key, value, at }) => {
    const address = value[kind.addressField];
    return typeof address === 'string' && address !== '' ? [{ kind, address, at: at(`/${kind.addressField}`), name: key?.name }] : [];
  });
  const first = new Map<string, (typeof claims)[number]>();
  const problems: Problem[] = [];
  for (const claim of claims.sort((a, b) => comparePositions(a.at, b.at))) {
    const earlier = first.get(claim.address);
    if (earlier === undefined) {
      first.set(claim.address, claim);
      continue;
    }
    if (earlier.kind === claim.kind) continue;
    const [replaced, successor] = claim.kind.replaces === earlier.kind.name ? [earlier, claim] : [claim, earlier];
    const other = `${earlier.kind.noun}${earlier.name === undefined || earlier.kind.key === earlier.kind.addressField ? '' : ` ${JSON.stringify(earlier.name)}`}`;
    problems.push(
      problemAt(
        claim.at,
        'address-across-kinds',
        `${claim.kind.addressField} ${JSON.stringify(claim.address)} is also the ${earlier.kind.addressField} of the ${other} at ${formatPosition(earlier.at)}; ` +
          `Twilio routes an address through one ${replaced.kind.noun} or ${successor.kind.noun}, and its migration deletes the ${replaced.kind.noun} before it creates the ${successor.kind.noun}: ` +
          `delete the ${replaced.kind.noun}'s document (flexflow-sync migrate --write replaces a ${replaced.kind.noun}'s document with its ${successor.kind.noun})`,
        [claim.address, ...(earlier.name === undefined ? [] : [earlier.name])],
      ),
    );
  }
  return problems;
}

/**
 * A resource migrates to one successor: two documents whose `migrated_from` names one resource would
 * each delete it and create their own, the second after the first had taken its place. The later one
 * (in reading order) is reported, naming the earlier.
 */
function migratedFromTwice(declared: readonly DeclaredNames[]): Problem[] {
  const sources = declared.flatMap(({ kind, value, at }) => {
    const key = migratedFromKey(kind);
    const from = key === undefined ? undefined : (value.migrated_from as Readonly<Record<string, unknown>> | undefined)?.[key];
    return typeof from === 'string' && key !== undefined ? [{ kind, name: from, at: at(`/migrated_from/${key}`) }] : [];
  });
  const first = new Map<string, SourcePosition>();
  return inReadingOrder(sources).flatMap(({ kind, name, at }) => {
    const id = `${kind.replaces ?? ''}\u0000${name}`;
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, at);
      return [];
    }
    const replaced = kind.replaces === undefined ? '' : kindNamed(kind.replaces).noun;
    return [
      problemAt(
        at,
        'migrated-from-twice',
        `migrated_from ${JSON.stringify(name)} is also named at ${formatPosition(earlier)}; a ${replaced} migrates to one ${kind.noun}: keep migrated_from in the document of its address only`,
        [name],
      ),
    ];
  });
}

/** A name listed twice by one document is the schema's to report, not a collision. */
function uniqueNames(names: readonly NameAt[]): NameAt[] {
  const seen = new Set<string>();
  return names.filter(({ name }) => !seen.has(name) && seen.add(name));
}

function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

function inReadingOrder<T extends NameAt>(names: readonly T[]): T[] {
  return [...names].sort((a, b) => comparePositions(a.at, b.at));
}

export const CROSS_FILE_RULES = [
  duplicateKeys,
  renamedFromCollisions,
  identityConflicts,
  addressAcrossKinds,
  migratedFromTwice,
  accountCap,
] as const;
