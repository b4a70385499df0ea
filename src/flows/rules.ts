import { isLoopbackHost } from '../loopback.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { type FieldSpec, MAX_NAME_LENGTH, MAX_URL_LENGTH, sidPattern } from '../model/field.js';
import { type ResourceKind, article } from '../model/kind.js';
import { nameFieldFor, nameFieldsOf } from '../model/nameFields.js';
import { discriminatorPointer, discriminatorSpec, migratedFromKey } from './fields.js';
import { pointerToPath } from '../source/pointer.js';
import { findInvisible, findUnprintable } from '../printable.js';
import { problemAt } from '../source/problems.js';
import type { Problem } from '../source/types.js';
import type { SourceDocument } from '../source/sourceDocument.js';

/**
 * Semantic rules for one document, after variables are resolved, read from its kind's table. Each is
 * a small function with a stable rule id; each reads the value defensively, since the schema check
 * may have failed too.
 */
export type DocumentRule = (document: SourceDocument, kind: ResourceKind, value: Readonly<Record<string, unknown>>) => Problem[];

function mappingOf(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value at a pointer of field names (`/integration_type`, `/auto_creation/type`), or undefined. */
function valueAt(value: Readonly<Record<string, unknown>>, pointer: string): unknown {
  const slash = pointer.indexOf('/', 1);
  if (slash === -1) return value[pointer.slice(1)];
  return mappingOf(value[pointer.slice(1, slash)])?.[pointer.slice(slash + 1)];
}

/** What the rules read from a kind's table, worked out once per kind: they run for every document. */
interface KindFacts {
  readonly discriminatorPointer: string;
  readonly discriminatorValues: readonly string[];
  readonly urlFields: readonly { readonly pointer: string; readonly spec: FieldSpec }[];
  /** Pointers of the names that must print as themselves: the key and friendly_name. */
  readonly namePointers: readonly string[];
  /** Pointers of the name fields that stand for SIDs (issue 20), each with its SID field's. */
  readonly nameFields: readonly { readonly name: string; readonly sid: string; readonly spec: FieldSpec }[];
}

const toPointer = (path: string): string => `/${path.split('.').join('/')}`;

const FACTS = new Map<ResourceKind, KindFacts>();

function factsOf(kind: ResourceKind): KindFacts {
  let facts = FACTS.get(kind);
  if (facts === undefined) {
    facts = {
      discriminatorPointer: discriminatorPointer(kind),
      discriminatorValues: discriminatorSpec(kind).enum ?? [],
      urlFields: [
        ...kind.fields.filter((spec) => spec.url === true).map((spec) => ({ pointer: `/${spec.name}`, spec })),
        ...kind.group.fields.filter((spec) => spec.url === true).map((spec) => ({ pointer: `/${kind.group.name}/${spec.name}`, spec })),
      ],
      namePointers: [...new Set([kind.key, 'friendly_name', kind.addressField])]
        .filter((name) => kind.fields.some((spec) => spec.name === name))
        .map((name) => `/${name}`),
      nameFields: nameFieldsOf(kind).map((field) => ({ name: toPointer(field.namePath), sid: toPointer(field.sidPath), spec: field.sid })),
    };
    FACTS.set(kind, facts);
  }
  return facts;
}

/** The discriminator's value when it is one of its known values (`studio`, `webhook`, ...). */
function discriminatorOf(kind: ResourceKind, value: Readonly<Record<string, unknown>>): string | undefined {
  const facts = factsOf(kind);
  const type = valueAt(value, facts.discriminatorPointer);
  return facts.discriminatorValues.find((known) => known === type);
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** What each discriminator value requires: `flow_sid` for studio, `webhook_url` for webhook, ... */
const requiredGroupFields: DocumentRule = (document, kind, value) => {
  const type = discriminatorOf(kind, value);
  if (type === undefined) return [];
  const group = mappingOf(value[kind.group.name]);
  const at =
    (group ? document.positions.get(`/${kind.group.name}`)?.key : document.positions.get(factsOf(kind).discriminatorPointer)?.value) ??
    document.start;
  return (kind.group.required[type] ?? [])
    .filter((name) => !isSet(group?.[name]) && !isSet(group?.[nameFieldFor(kind, `${kind.group.name}.${name}`)?.lookup.nameField ?? '']))
    .map((name) => {
      const byName = nameFieldFor(kind, `${kind.group.name}.${name}`);
      const or = byName === undefined ? '' : ` (or ${byName.namePath}, its name)`;
      return problemAt(at, `${kind.group.name}-required`, `${kind.group.discriminator} ${type} requires ${kind.group.name}.${name}${or}`);
    });
};

/**
 * A required top-level SID field that may be given by name (chat_service_sid or chat_service): the
 * schema cannot require either one without wording the error twice, so this rule does.
 */
const requiredByName: DocumentRule = (document, kind, value) =>
  nameFieldsOf(kind)
    .filter(
      (field) =>
        field.group === undefined &&
        kind.requiredOnCreate.includes(field.sid.name) &&
        !Object.hasOwn(value, field.sid.name) &&
        !Object.hasOwn(value, field.lookup.nameField),
    )
    .map((field) =>
      problemAt(
        document.start,
        'required',
        `missing required key "${field.sidPath}" (Twilio requires it to create ${article(kind.noun)}); or give its name as ${field.namePath}`,
      ),
    );

/** A SID field and the name field that stands for it are one choice: both would leave the plan to guess. */
const nameOrSid: DocumentRule = (document, kind, value) =>
  factsOf(kind)
    .nameFields.filter(({ name, sid }) => valueAt(value, name) !== undefined && valueAt(value, sid) !== undefined)
    .map(({ name, sid }) =>
      problemAt(
        document.positions.get(name)?.key ?? document.start,
        'name-and-sid',
        `${pointerToPath(name)} and ${pointerToPath(sid)} are both given; keep one: the name (resolved to its SID at plan time) or the SID`,
      ),
    );

/** A group field that the chosen type ignores is a mistake, not a setting. */
const fieldsApplyToType: DocumentRule = (document, kind, value) => {
  const group = mappingOf(value[kind.group.name]);
  if (!group) return [];
  // A name field applies where its SID field does.
  const declared = kind.group.fields.flatMap((spec) =>
    spec.appliesTo === undefined
      ? []
      : [spec.name, ...(spec.lookup ? [spec.lookup.nameField] : [])]
          .filter((name) => isSet(group[name]))
          .map((name) => ({ name, appliesTo: spec.appliesTo as readonly string[] })),
  );
  const discriminator = kind.group.discriminator;
  if (!isSet(valueAt(value, factsOf(kind).discriminatorPointer))) {
    if (declared.length === 0) return [];
    const at = document.positions.get(`/${kind.group.name}`)?.key ?? document.start;
    const choices = factsOf(kind).discriminatorValues.join(', ');
    return [
      problemAt(
        at,
        `${kind.group.name}-type-missing`,
        `${kind.group.name} is set but ${discriminator} is not; add ${discriminator} (${choices})`,
      ),
    ];
  }
  const type = discriminatorOf(kind, value);
  if (type === undefined) return [];
  return declared
    .filter((spec) => !spec.appliesTo.includes(type))
    .map((spec) =>
      problemAt(
        document.positions.get(`/${kind.group.name}/${spec.name}`)?.key ?? document.start,
        'not-applicable',
        `${kind.group.name}.${spec.name} does not apply to ${discriminator} ${type} (only to ${spec.appliesTo.join(', ')}); remove it`,
      ),
    );
};

/**
 * Webhooks carry conversations: https only, except to this machine for local testing. The URL must
 * be spelled as the WHATWG parser (Node's, and so the one every output redacts with) reads it:
 * `https:/u:p@h`, backslashes, a second `@` or whitespace in the userinfo are read differently by
 * different tools, and a password hidden in such a spelling would escape redaction elsewhere.
 */
const webhookUrls: DocumentRule = (document, kind, value) => {
  const { urlFields } = factsOf(kind);
  if (urlFields.length === 0) return [];
  const type = discriminatorOf(kind, value);
  return urlFields.flatMap(({ pointer, spec }) => {
    const url = valueAt(value, pointer);
    // Under another type, the field is reported as not applicable; its format no longer matters.
    // A URL over the length limit is reported by the schema check; parsing it would only cost time.
    if (typeof url !== 'string' || url.length > (spec.maxLength ?? MAX_URL_LENGTH)) return [];
    if (type !== undefined && spec.appliesTo !== undefined && !spec.appliesTo.includes(type)) return [];
    const at = document.positions.get(pointer)?.value ?? document.start;
    const path = pointerToPath(pointer);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    const allowed =
      parsed !== undefined &&
      parsed.hostname !== '' &&
      (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)));
    if (!allowed || parsed === undefined)
      return [problemAt(at, 'url', `${path} must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])`)];
    if (isCanonicalUrl(url, parsed)) return [];
    return [
      problemAt(
        at,
        'url',
        `${path} must be written as a URL parser reads it, ${JSON.stringify(redactUrlCredentials(parsed.href))} (credentials hidden); other spellings are ambiguous`,
      ),
    ];
  });
};

/** Whether `text` is the parser's own spelling of the URL, but for the case of scheme and host and a bare origin's missing `/`. */
function isCanonicalUrl(text: string, parsed: URL): boolean {
  const spelled = text.toLowerCase();
  const href = parsed.href.toLowerCase();
  return spelled === href || (parsed.pathname === '/' && parsed.search === '' && parsed.hash === '' && `${spelled}/` === href);
}

/** `migrated_from`'s name, which is compared with live names as friendly_name is. */
function migratedFromName(kind: ResourceKind, value: Readonly<Record<string, unknown>>): [string, unknown][] {
  const key = migratedFromKey(kind);
  const migrated = value.migrated_from;
  return key !== undefined && migrated !== null && typeof migrated === 'object'
    ? [[`/migrated_from/${key}`, (migrated as Record<string, unknown>)[key]]]
    : [];
}

/**
 * A name (the key, friendly_name, the address a kind routes) must come back from Twilio as it was
 * sent, and show as what it is: a lone surrogate goes over the wire as U+FFFD (so the resource would
 * be created again on every apply), while control characters, bidirectional overrides, invisible
 * format characters (U+200B) and decomposed spellings can make a name look like another in a
 * terminal or review.
 */
const printableNames: DocumentRule = (document, kind, value) => {
  const renamed = Array.isArray(value.renamed_from) ? value.renamed_from : [];
  const names: [string, unknown][] = [
    ...factsOf(kind).namePointers.map((pointer): [string, unknown] => [pointer, value[pointer.slice(1)]]),
    // A name matched exactly against Twilio's must be one a person can read and type.
    ...factsOf(kind).nameFields.map(({ name }): [string, unknown] => [name, valueAt(value, name)]),
    ...renamed.map((name, index): [string, unknown] => [`/renamed_from/${index}`, name]),
    ...migratedFromName(kind, value),
  ];
  // The names matched as written: all but the ones that are only shown (an address configuration's friendly_name).
  const shownOnly = new Set(factsOf(kind).namePointers.filter((pointer) => pointer !== `/${kind.key}`));
  return names.flatMap(([pointer, name]) => {
    if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) return [];
    const at = document.positions.get(pointer)?.value ?? document.start;
    const field = pointerToPath(pointer).replace(/\[\d+\]$/, '');
    const unprintable = findUnprintable(name);
    if (unprintable !== undefined) {
      return [
        problemAt(
          at,
          'name-characters',
          `${field} must not hold control characters, bidirectional controls or unpaired surrogates (${unprintable}); remove it`,
        ),
      ];
    }
    if (/^\s|\s$/u.test(name)) return [problemAt(at, 'name-whitespace', `${field} must not start or end with whitespace; remove it`)];
    const invisible = findInvisible(name);
    if (invisible !== undefined) {
      return [
        problemAt(
          at,
          'name-characters',
          `${field} must not hold ${invisible.what} (${invisible.at}): it would look like another ${field}; retype it`,
        ),
      ];
    }
    // A key or a name matched against Twilio's is an identifier: plans and apply PLANFILE match on it as
    // written, and a saved plan that redacted it could never be applied. One that reads as holding
    // credentials (a URL's `user:password@`, `?token=`, `?code=`) is refused here instead, so that no
    // declared key is ever redacted and none prints a secret. Live names (a flow made in the Console)
    // are still redacted in every output; apply deletes by SID. A name only shown is a value, redacted as one.
    if (!shownOnly.has(pointer) && redactUrlCredentials(name, [name]) !== name) {
      return [
        problemAt(
          at,
          'name-credentials',
          `${field} must not hold credentials (a URL's user and password, or a secret parameter such as ?token= or ?code=): names are printed in every plan and log; remove them`,
        ),
      ];
    }
    return [];
  });
};

/**
 * Where the API takes the key in place of the SID (`/Addresses/{Sid}`), the key is a URL path
 * segment. `.` and `..` are dot segments, which every URL parser resolves away: the request would go
 * to the collection or to `/v1/Configuration`, another resource. `/`, `?` and `#` end a segment when
 * unencoded; no address Twilio routes holds one. A key shaped like a SID is read as the SID, so such
 * an address could never be fetched, updated or deleted by address.
 */
const keyAsPathSegment: DocumentRule = (document, kind, value) => {
  const key = value[kind.key];
  if (!kind.api.keyInPath || typeof key !== 'string') return [];
  const at = document.positions.get(`/${kind.key}`)?.value ?? document.start;
  const fix = `write the ${kind.key} itself (a phone number, whatsapp:+15005550006, an email address or a channel id)`;
  if (key === '.' || key === '..') {
    return [
      problemAt(
        at,
        'key-in-path',
        `${kind.key} must not be "${key}": the API takes the ${kind.key} in the URL path, where "${key}" names another resource; ${fix}`,
      ),
    ];
  }
  const separator = /[/?#]/.exec(key)?.[0];
  if (separator !== undefined) {
    return [
      problemAt(
        at,
        'key-in-path',
        `${kind.key} must not hold "${separator}": the API takes the ${kind.key} in the URL path, and no address Twilio routes holds one; ${fix}`,
      ),
    ];
  }
  if (sidPattern(kind.sidPrefix).test(key)) {
    return [
      problemAt(
        at,
        'key-in-path',
        `${kind.key} has the shape of ${kind.noun} SIDs (${kind.sidPrefix} and 32 hex digits): the API would read it as a SID, so it could never be fetched, updated or deleted by ${kind.key}; ${fix}`,
      ),
    ];
  }
  return [];
};

/** A value that must be lower case under its document's type (an email address: FieldSpec.lowerCaseWhen). */
const lowerCaseValues: DocumentRule = (document, kind, value) =>
  kind.fields.flatMap((spec) => {
    const when = spec.lowerCaseWhen;
    const text = value[spec.name];
    if (when === undefined || typeof text !== 'string' || text === text.toLowerCase() || !when.values.includes(String(value[when.field])))
      return [];
    const at = document.positions.get(`/${spec.name}`)?.value ?? document.start;
    return [
      problemAt(
        at,
        'lower-case',
        `${spec.name} must be written in lower case when ${when.field} is ${String(value[when.field])}: write ${JSON.stringify(text.toLowerCase())}; ` +
          `Twilio documents no case rule for it, and only the lower-case spelling reads back the same whether Twilio keeps the case or lowers it`,
      ),
    ];
  });

export const DOCUMENT_RULES: readonly DocumentRule[] = [
  requiredGroupFields,
  requiredByName,
  nameOrSid,
  fieldsApplyToType,
  webhookUrls,
  printableNames,
  keyAsPathSegment,
  lowerCaseValues,
];
