import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { FlexFlowSyncError } from '../errors.js';
import { type FieldSpec, type FieldType, sidPattern } from '../model/field.js';
import { type LiveResource, type ResourceKind, article } from '../model/kind.js';

/**
 * The shape of every answer the client reads, checked before any of it is believed: a 200 that is
 * not a page of the kind (a maintenance page, `[]`, `flex_flows: "abc"`) must never read as an empty
 * account, or apply would create every resource again. Only what the tool reads is required, and it
 * is read from the kind's field table; other keys pass, so that a field Twilio adds breaks nothing.
 */

/** An answer the API should never give: the server is not Twilio's API, or it broke. */
export class ApiResponseError extends FlexFlowSyncError {
  constructor(request: string, problem: string) {
    super(
      'E_API_RESPONSE',
      `${request}: ${problem}; is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer`,
    );
  }
}

/**
 * Twilio may answer an integer or boolean as text ("3", "true"); the diff normalises both. Text is
 * not checked against the field's enum or case: `webhook_method` came back lower-case until
 * 2025-07-03 and "POST" since, and the diff compares such fields without regard to case.
 */
const LIVE_TYPES: Readonly<Record<FieldType, object>> = {
  string: { type: ['string', 'null'] },
  integer: { type: ['integer', 'string', 'null'] },
  boolean: { type: ['boolean', 'string', 'null'] },
  'string-set': { type: ['array', 'null'], items: { type: 'string' } },
};

const properties = (specs: readonly FieldSpec[]) => Object.fromEntries(specs.map((spec) => [spec.name, LIVE_TYPES[spec.type]]));

interface ResourcePage {
  readonly items: LiveResource[];
  readonly next_page_url: string | null;
}

/** How the client reads one kind's answers. `request` is `METHOD path`, for the message. */
export interface ResponseShapes {
  /** One resource as fetch, create and update answer it, its group cut to the keys of its table. */
  readResource(request: string, body: string): LiveResource;
  /** One page of the list. */
  readPage(request: string, body: string): ResourcePage;
}

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
const byKind = new WeakMap<ResourceKind, ResponseShapes>();

/** Ajv's first error as `flex_flows/3 must be object` (never the data: it may be anything). */
function describeError(errors: readonly ErrorObject[] | null | undefined): string {
  const [error] = errors ?? [];
  if (error === undefined) return 'unexpected shape';
  const where = error.instancePath === '' ? 'the body' : error.instancePath.slice(1);
  return `${where} ${error.message ?? 'is invalid'}`;
}

function parseJson(request: string, body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new ApiResponseError(request, 'the answer is not JSON');
  }
}

function compile(kind: ResourceKind): ResponseShapes {
  const resourceSchema = {
    type: 'object',
    required: ['sid', kind.key, 'date_updated'],
    properties: {
      ...properties(kind.fields),
      sid: { type: 'string', pattern: sidPattern(kind.sidPrefix).source },
      [kind.key]: { type: 'string' },
      date_updated: { type: 'string' },
      [kind.group.name]: { type: ['object', 'null'], properties: properties(kind.group.fields) },
    },
  };
  const pageSchema = {
    type: 'object',
    required: [kind.api.listKey, 'meta'],
    properties: {
      [kind.api.listKey]: { type: 'array', items: resourceSchema },
      meta: { type: 'object', required: ['next_page_url'], properties: { next_page_url: { type: ['string', 'null'] } } },
    },
  };
  const checkResource: ValidateFunction<LiveResource> = ajv.compile<LiveResource>(resourceSchema);
  const checkPage = ajv.compile<Record<string, unknown> & { meta: { next_page_url: string | null } }>(pageSchema);
  const groupNames = kind.group.fields.map((spec) => spec.name);

  /**
   * The group as its table knows it. The address configuration's `auto_creation` has no schema in
   * Twilio's spec: a key it adds later (or a server's junk) must not reach the diff or export.
   */
  const known = (resource: LiveResource): LiveResource => {
    const group = resource[kind.group.name];
    if (typeof group !== 'object' || group === null) return resource;
    const kept = Object.fromEntries(
      groupNames.filter((name) => Object.hasOwn(group, name)).map((name) => [name, (group as Record<string, unknown>)[name]]),
    );
    return { ...resource, [kind.group.name]: kept };
  };

  return {
    readResource(request, body) {
      const value = parseJson(request, body);
      if (!checkResource(value))
        throw new ApiResponseError(request, `the answer is not ${article(kind.noun)} (${describeError(checkResource.errors)})`);
      return known(value);
    },
    readPage(request, body) {
      const value = parseJson(request, body);
      if (!checkPage(value))
        throw new ApiResponseError(request, `the answer is not a page of ${kind.nounPlural} (${describeError(checkPage.errors)})`);
      return { items: (value[kind.api.listKey] as LiveResource[]).map(known), next_page_url: value.meta.next_page_url };
    },
  };
}

/** The answer readers of `kind`, compiled once. */
export function responseShapes(kind: ResourceKind): ResponseShapes {
  let shapes = byKind.get(kind);
  if (shapes === undefined) {
    shapes = compile(kind);
    byKind.set(kind, shapes);
  }
  return shapes;
}
