import { Ajv, type ErrorObject } from 'ajv';
import { FlexFlowSyncError } from '../errors.js';
import { FLOW_SID_PATTERN, type FlexFlow, INTEGRATION_FIELDS, TOP_LEVEL_FIELDS } from '../model/flexFlow.js';
import { type FieldSpec, type FieldType } from '../model/field.js';

/**
 * The shape of every answer the client reads, checked before any of it is believed: a 200 that is
 * not a Flex Flows page (a maintenance page, `[]`, `flex_flows: "abc"`) must never read as an empty
 * account, or apply would create every flow again. Only what the tool reads is required; other keys
 * pass, so that a field Twilio adds breaks nothing.
 */

/** An answer the API should never give: the server is not the Flex API, or it broke. */
export class ApiResponseError extends FlexFlowSyncError {
  constructor(request: string, problem: string) {
    super('E_API_RESPONSE', `${request}: ${problem}; is the base URL a Flex API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer`);
  }
}

/** Twilio may answer an integer or boolean as text ("3", "true"); the diff normalises both. */
const LIVE_TYPES: Readonly<Record<FieldType, readonly string[]>> = {
  string: ['string', 'null'],
  integer: ['integer', 'string', 'null'],
  boolean: ['boolean', 'string', 'null'],
  'string-set': ['array', 'null'],
};

const properties = (specs: readonly FieldSpec[]) => Object.fromEntries(specs.map((spec) => [spec.name, { type: LIVE_TYPES[spec.type] }]));

const FLOW_SCHEMA = {
  type: 'object',
  required: ['sid', 'friendly_name', 'date_updated'],
  properties: {
    ...properties(TOP_LEVEL_FIELDS),
    sid: { type: 'string', pattern: FLOW_SID_PATTERN.source },
    friendly_name: { type: 'string' },
    date_updated: { type: 'string' },
    integration: { type: ['object', 'null'], properties: properties(INTEGRATION_FIELDS) },
  },
};

const PAGE_SCHEMA = {
  type: 'object',
  required: ['flex_flows', 'meta'],
  properties: {
    flex_flows: { type: 'array', items: FLOW_SCHEMA },
    meta: { type: 'object', required: ['next_page_url'], properties: { next_page_url: { type: ['string', 'null'] } } },
  },
};

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
const checkFlow = ajv.compile<FlexFlow>(FLOW_SCHEMA);
const checkPage = ajv.compile<FlexFlowsPage>(PAGE_SCHEMA);

export interface FlexFlowsPage {
  readonly flex_flows: FlexFlow[];
  readonly meta: { readonly next_page_url: string | null };
}

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

/** A flow as fetch, create and update answer it. `request` is `METHOD path`, for the message. */
export function readFlow(request: string, body: string): FlexFlow {
  const value = parseJson(request, body);
  if (!checkFlow(value)) throw new ApiResponseError(request, `the answer is not a Flex Flow (${describeError(checkFlow.errors)})`);
  return value;
}

/** One page of the list. */
export function readPage(request: string, body: string): FlexFlowsPage {
  const value = parseJson(request, body);
  if (!checkPage(value)) throw new ApiResponseError(request, `the answer is not a page of Flex Flows (${describeError(checkPage.errors)})`);
  return value;
}
