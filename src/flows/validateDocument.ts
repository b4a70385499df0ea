import { closest, distance } from 'fastest-levenshtein';
import type { ValidateFunction } from 'ajv';
import { KIND_NAMES, type KindName, type ResourceKind, article } from '../model/kind.js';
import { DEFAULT_KIND, KINDS, kindNamed } from '../model/kinds.js';
import { nameFieldsOf } from '../model/nameFields.js';
import type { DeclaredNames, NameAt } from './crossFileRules.js';
import { describeValue } from '../source/describe.js';
import { fieldAt, keyIsFixed, migratedFromKey } from './fields.js';
import { escapePointer, pointerToPath } from '../source/pointer.js';
import { type Variables, resolveVariables } from './interpolate.js';
import { DOCUMENT_RULES } from './rules.js';
import { formatPosition, problemAt } from '../source/problems.js';
import { checks } from './checkSchema.generated.js';
import { type SchemaVocabulary, schemaProblems } from '../source/schemaProblems.js';
import type { DesiredResource, NameReference, ResourceName } from './types.js';
import type { Problem } from '../source/types.js';
import type { SourceDocument } from '../source/sourceDocument.js';

/** What schemaProblems needs to word a kind's errors, from its table. */
function vocabularyOf(kind: ResourceKind): SchemaVocabulary {
  const withNames = (specs: ResourceKind['fields']): string[] =>
    specs.flatMap((spec) => [spec.name, ...(spec.lookup ? [spec.lookup.nameField] : [])]);
  const groupKeys = withNames(kind.group.fields);
  const topKeys = [
    ...withNames(kind.fields),
    kind.group.name,
    ...(keyIsFixed(kind) ? [] : ['renamed_from']),
    ...(kind.replaces ? ['migrated_from'] : []),
    'kind',
  ];
  return {
    keysAt: (pointer) =>
      pointer === ''
        ? topKeys
        : pointer === `/${kind.group.name}`
          ? groupKeys
          : pointer === '/migrated_from'
            ? [migratedFromKey(kind) ?? '']
            : [],
    belongsElsewhere: (key, pointer) => {
      if (pointer === '' && groupKeys.includes(key)) return `${kind.group.name}.${key}`;
      if (pointer === `/${kind.group.name}` && topKeys.includes(key)) return `${key}, at the top level`;
      return undefined;
    },
    unknownKeyMessage: (key, pointer) =>
      pointer === '' && key === 'renamed_from' && keyIsFixed(kind)
        ? `renamed_from does not apply to ${kind.nounPlural}: ${kind.key} is the key and is fixed at create; ` +
          `declare the new ${kind.key} in a document of its own (the old one is deleted with prune: true)`
        : undefined,
    patternMessage: (pointer) => {
      const spec = fieldAt(kind, pointer);
      return spec?.sidPrefix ? `${pointerToPath(pointer)} must be "${spec.sidPrefix}" followed by 32 hex digits` : undefined;
    },
    nullMessage: (pointer) =>
      pointer === `/${kind.group.name}` && kind.group.insteadOfNull !== undefined
        ? `${kind.group.name} cannot be null: no request can clear it as a whole, so the file would never match; ${kind.group.insteadOfNull}`
        : undefined,
    requiredReason: `Twilio requires it to create ${article(kind.noun)}`,
  };
}

/** How a document of each kind starts: `friendly_name: ... (a flow), or kind: address-configuration with address: ... (an address configuration)`. */
export const DOCUMENT_SHAPES = KINDS.map(
  (kind) => `${kind.name === DEFAULT_KIND ? '' : `kind: ${kind.name} with `}${kind.key}: ... (${article(kind.noun)})`,
).join(', or ');

const VOCABULARIES: ReadonlyMap<KindName, SchemaVocabulary> = new Map(KIND_NAMES.map((name) => [name, vocabularyOf(kindNamed(name))]));
const CHECKS: Readonly<Record<string, ValidateFunction>> = checks;

export interface ValidatedDocument {
  readonly problems: readonly Problem[];
  /** Present when the document has no problems of its own. */
  readonly resource?: DesiredResource;
  /** Present once the document's kind is known. */
  readonly names?: DeclaredNames;
}

type Mapping = Readonly<Record<string, unknown>>;

const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The document's kind, or the problem with its `kind:`. The kind is read as written: a variable cannot choose it. */
function kindOf(document: SourceDocument, value: Mapping): ResourceKind | Problem {
  if (!Object.hasOwn(value, 'kind')) {
    // `Kind:` would make the document a Flex Flow and bury the cause under that kind's problems: it is reported alone.
    const misspelt = Object.keys(value).find((key) => key.toLowerCase() === 'kind');
    if (misspelt === undefined) return kindNamed(DEFAULT_KIND);
    const keyAt = document.positions.get(`/${escapePointer(misspelt)}`)?.key ?? document.start;
    return problemAt(
      keyAt,
      'unknown-kind',
      `unknown key ${JSON.stringify(misspelt)}: write kind, in lower case; the kind decides which keys apply (a document without kind is a ${DEFAULT_KIND})`,
    );
  }
  const written = value.kind;
  const known = KIND_NAMES.find((name) => name === written);
  if (known !== undefined) return kindNamed(known);
  const at = document.positions.get('/kind')?.value ?? document.start;
  if (typeof written === 'string' && written.includes('${')) {
    return problemAt(
      at,
      'unknown-kind',
      `kind cannot come from a variable (${written}): the kind decides which keys apply before variables are read; write it out (${KIND_NAMES.join(' or ')})`,
    );
  }
  const best = typeof written === 'string' ? closest(written.toLowerCase(), [...KIND_NAMES]) : undefined;
  const guess =
    best !== undefined && distance(String(written).toLowerCase(), best) <= Math.max(2, Math.floor(best.length / 3))
      ? `did you mean "${best}"? `
      : '';
  return problemAt(
    at,
    'unknown-kind',
    `unknown kind ${describeValue(written)}; ${guess}known kinds: ${KIND_NAMES.join(', ')} (a document without kind is a ${DEFAULT_KIND})`,
  );
}

/** Case-insensitive values (`type: SMS`, `webhook_method: POST`) lower-cased, as they are checked, stored and compared. */
function lowerCased(kind: ResourceKind, value: Mapping): Mapping {
  // Copied only where a value changes: most documents have nothing to lower.
  const lower = (specs: ResourceKind['fields'], from: Mapping): Mapping => {
    let copy: Record<string, unknown> | undefined;
    for (const spec of specs) {
      const item = from[spec.name];
      if (spec.caseInsensitive !== true || typeof item !== 'string' || item.toLowerCase() === item) continue;
      copy ??= Object.assign(Object.create(null) as Record<string, unknown>, from);
      copy[spec.name] = item.toLowerCase();
    }
    return copy ?? from;
  };
  const top = lower(kind.fields, value);
  const group = top[kind.group.name];
  if (!isMapping(group)) return top;
  const lowered = lower(kind.group.fields, group);
  return lowered === group ? top : Object.assign(Object.create(null) as Record<string, unknown>, top, { [kind.group.name]: lowered });
}

/** Resolves variables in one document, checks it against its kind's schema and rules, and builds the resource. */
export function validateDocument(document: SourceDocument, variables: Variables): ValidatedDocument {
  if (!isMapping(document.value)) {
    return {
      problems: [
        {
          ...document.start,
          rule: 'not-a-mapping',
          message: `a document must be a mapping of keys, one key: value a line: ${DOCUMENT_SHAPES}`,
        },
      ],
    };
  }
  const kind = kindOf(document, document.value);
  if (!('fields' in kind)) return { problems: [kind] };
  const resolved = resolveVariables(document, variables, kind);
  const value = lowerCased(kind, resolved.value as Mapping);
  const checks: Problem[] = [];
  const check = CHECKS[kind.name] as ValidateFunction;
  if (!check(value))
    checks.push(...schemaProblems(check.errors ?? [], document, VOCABULARIES.get(kind.name) as SchemaVocabulary, resolved.written));
  for (const rule of DOCUMENT_RULES) checks.push(...rule(document, kind, value));
  // A value whose variable did not resolve is reported once, as such: checking the placeholder's text would only repeat it.
  const unresolved = new Set(resolved.problems.map(formatPosition));
  const problems: Problem[] = [...resolved.problems, ...checks.filter((problem) => !unresolved.has(formatPosition(problem)))];
  const names = namesOf(document, kind, value);
  if (problems.length > 0) return { problems, names };
  const migratedFrom = isMapping(value.migrated_from) ? value.migrated_from[migratedFromKey(kind) ?? ''] : undefined;
  const resource: DesiredResource = {
    kind: kind.name,
    fields: toFields(kind, value),
    renamedFrom: names.renamedFrom.map(({ name }) => name),
    ...(typeof migratedFrom === 'string' ? { migratedFrom } : {}),
    ...withReferences(document, kind, value),
    source: document.start,
  };
  return { problems, names, resource };
}

function namesOf(document: SourceDocument, kind: ResourceKind, value: Mapping): DeclaredNames {
  const at = (pointer: string) => document.positions.get(pointer)?.value ?? document.start;
  const nameAt = (name: unknown, pointer: string): NameAt[] => (typeof name === 'string' && name !== '' ? [{ name, at: at(pointer) }] : []);
  const renamed = Array.isArray(value.renamed_from) && !keyIsFixed(kind) ? value.renamed_from : [];
  const [key] = nameAt(value[kind.key], `/${kind.key}`);
  return {
    kind,
    ...(key === undefined ? {} : { key }),
    renamedFrom: renamed.flatMap((name, index) => nameAt(name, `/renamed_from/${index}`)),
    value,
    at,
  };
}

/** Only the table's keys are copied, into ordinary objects: declared keys are managed, absent ones are not. */
function toFields(kind: ResourceKind, value: Mapping): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const spec of kind.fields) if (Object.hasOwn(value, spec.name)) fields[spec.name] = value[spec.name];
  if (Object.hasOwn(value, kind.group.name)) {
    const group = value[kind.group.name] as Mapping | null;
    if (group === null) {
      fields[kind.group.name] = null;
    } else {
      const copy: Record<string, unknown> = {};
      for (const spec of kind.group.fields) if (Object.hasOwn(group, spec.name)) copy[spec.name] = group[spec.name];
      fields[kind.group.name] = copy;
    }
  }
  return fields;
}

/**
 * The names a valid document gives instead of SIDs (issue 20), each with where it stands: the plan
 * resolves them. A workflow is looked up in the workspace the same group names, by name or SID.
 */
function withReferences(document: SourceDocument, kind: ResourceKind, value: Mapping): { names?: readonly ResourceName[] } {
  const names: ResourceName[] = [];
  for (const field of nameFieldsOf(kind)) {
    const from = field.group === undefined ? value : value[field.group];
    if (!isMapping(from)) continue;
    const name = from[field.lookup.nameField];
    if (typeof name !== 'string') continue;
    const pointer = `/${field.namePath.split('.').join('/')}`;
    const reference: NameReference = {
      kind: field.lookup.target,
      name,
      position: document.positions.get(pointer)?.value ?? document.start,
      ...workspaceOf(kind, field.lookup.within, from),
    };
    names.push({ sidPath: field.sidPath, reference });
  }
  return names.length === 0 ? {} : { names };
}

/** The parent a lookup is made `within`: the SID field's value, else its name field's. */
function workspaceOf(kind: ResourceKind, within: string | undefined, group: Mapping): Pick<NameReference, 'workspace'> {
  if (within === undefined) return {};
  const parent = [...kind.fields, ...kind.group.fields].find((spec) => spec.name === within);
  const sid = group[within];
  if (typeof sid === 'string') return { workspace: { sid } };
  const name = parent?.lookup === undefined ? undefined : group[parent.lookup.nameField];
  return typeof name === 'string' ? { workspace: { name } } : {};
}
