import { FLOW_SID_PATTERN } from '../model/flexFlow.js';
import { MAX_FLOWS_PER_ACCOUNT } from '../model/limits.js';
import type { WriteOperation } from './faults.js';
import { applyPatch, identityHolder, missingIntegrationParam } from './flowValues.js';
import { listPage, parseListQuery } from './pagination.js';
import { parseFlowForm, type WriteMode } from './params.js';
import { renderFlow, isoSeconds } from './render.js';
import type { FlowRecord, FlowStore } from './store.js';
import { TWILIO_CODES, twilioError } from './twilioError.js';

export interface ApiContext {
  readonly store: FlowStore;
  readonly accountSid: string;
  /** `<base URL>/v1/FlexFlows`, absolute. */
  readonly listUrl: string;
  readonly now: () => Date;
  /** Targeted faults: whether this write of a flow with these names is refused (see faults.ts). */
  readonly failWrite: (operation: WriteOperation, names: readonly string[]) => boolean;
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
  /** Whether the request changed the state (a fault may still strike after). */
  readonly committed: boolean;
}

const LIST_PATH = '/v1/FlexFlows';

function fail(status: number, code: number, message: string): ApiResult {
  return { status, body: twilioError(status, code, message), committed: false };
}

export const notFound = (path: string): ApiResult => fail(404, TWILIO_CODES.notFound, `The requested resource ${path} was not found`);
export const badRequest = (message: string): ApiResult => fail(400, TWILIO_CODES.badParameter, message);
export const methodNotAllowed = (method: string, path: string): ApiResult =>
  fail(405, TWILIO_CODES.methodNotAllowed, `Method ${method} is not allowed on ${path}`);

const injectedFailure = (operation: WriteOperation, name: string): ApiResult =>
  badRequest(`Injected failure: the emulator was told to fail the ${operation} of ${JSON.stringify(name)}`);

function ok(ctx: ApiContext, status: number, record: FlowRecord, committed: boolean): ApiResult {
  return { status, body: renderFlow(record, ctx.accountSid, ctx.listUrl), committed };
}

function write(ctx: ApiContext, request: ApiRequest, mode: WriteMode, current: FlowRecord | undefined): ApiResult {
  const parsed = parseFlowForm(new URLSearchParams(request.body), mode);
  if (!parsed.ok) return badRequest(parsed.message);
  const values = applyPatch(current, parsed.patch);
  const missing = missingIntegrationParam(values, parsed.patch);
  if (missing !== undefined) return badRequest(missing);
  if (ctx.failWrite(mode, current ? [current.friendly_name, values.friendly_name] : [values.friendly_name])) {
    return injectedFailure(mode, values.friendly_name);
  }
  const holder = identityHolder(ctx.store.list(), values, current);
  if (holder !== undefined) {
    return badRequest(
      `Flex Flow ${holder.sid} is already enabled with contact identity ${JSON.stringify(holder.contact_identity)} and ` +
        `integration type ${JSON.stringify(holder.integration_type)}; disable it or free its contact identity first`,
    );
  }
  const nowIso = isoSeconds(ctx.now());
  if (current) return ok(ctx, 200, ctx.store.update(current, values, nowIso), true);
  // Twilio documents the cap, not its answer: a 400 with the generic code (the client reads the message).
  if (ctx.store.size >= MAX_FLOWS_PER_ACCOUNT) return badRequest(`Maximum number of Flex Flows reached: an account can have up to ${MAX_FLOWS_PER_ACCOUNT}`);
  return ok(ctx, 201, ctx.store.create(values, nowIso), true);
}

function list(ctx: ApiContext, request: ApiRequest): ApiResult {
  const parsed = parseListQuery(request.query);
  if (!parsed.ok) return badRequest(parsed.message);
  const page = listPage(ctx.store.list(parsed.query.friendlyName), parsed.query, ctx.listUrl);
  return {
    status: 200,
    body: { flex_flows: page.records.map((record) => renderFlow(record, ctx.accountSid, ctx.listUrl)), meta: page.meta },
    committed: false,
  };
}

function instance(ctx: ApiContext, request: ApiRequest, sid: string): ApiResult {
  const record = FLOW_SID_PATTERN.test(sid) ? ctx.store.get(sid) : undefined;
  if (!['GET', 'POST', 'DELETE'].includes(request.method)) return methodNotAllowed(request.method, request.path);
  if (!record) return notFound(request.path);
  switch (request.method) {
    case 'GET':
      return ok(ctx, 200, record, false);
    case 'POST':
      return write(ctx, request, 'update', record);
    default:
      if (ctx.failWrite('delete', [record.friendly_name])) return injectedFailure('delete', record.friendly_name);
      ctx.store.delete(sid);
      return { status: 204, body: undefined, committed: true };
  }
}

/** The FlexFlows API, free of HTTP: a request in, a status and JSON body out. */
export function handleApiRequest(ctx: ApiContext, request: ApiRequest): ApiResult {
  const path = request.path.replace(/\/+$/, '');
  if (path === LIST_PATH) {
    if (request.method === 'GET') return list(ctx, request);
    if (request.method === 'POST') return write(ctx, request, 'create', undefined);
    return methodNotAllowed(request.method, request.path);
  }
  if (path.startsWith(`${LIST_PATH}/`)) {
    const sid = path.slice(LIST_PATH.length + 1);
    if (!sid.includes('/')) return instance(ctx, request, sid);
  }
  return notFound(request.path);
}
