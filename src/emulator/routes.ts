import { sidPattern } from '../model/field.js';
import type { KindName } from '../model/kind.js';
import type { WriteOperation } from './faults.js';
import { EMULATED_KINDS, type EmulatedKind, addressKindConflict } from './kinds.js';
import { listPage, parseListQuery } from './pagination.js';
import { parseForm, type WriteMode } from './params.js';
import { collectionUrl, isoSeconds, renderResource } from './render.js';
import type { ResourceStore, StoredResource } from './store.js';
import { TWILIO_CODES, twilioError } from './twilioError.js';
import { applyPatch, missingGroupParam } from './values.js';

export interface ApiContext {
  /** One store per kind the emulator serves. */
  readonly stores: ReadonlyMap<KindName, ResourceStore>;
  readonly accountSid: string;
  /** The emulator's base URL (`http://127.0.0.1:4010`), for the absolute URLs in answers. */
  readonly baseUrl: string;
  readonly now: () => Date;
  /** Targeted faults: whether this write of a resource with these keys (name, address) is refused (see faults.ts). */
  readonly failWrite: (operation: WriteOperation, names: readonly string[]) => boolean;
}

export interface ApiRequest {
  readonly method: string;
  /** The path as sent, percent-encoding and all. */
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

/** One group of paths the emulator serves: its answer, or undefined when the path is not one of its own. */
type Route = (ctx: ApiContext, request: ApiRequest, path: string) => ApiResult | undefined;

function fail(status: number, code: number, message: string): ApiResult {
  return { status, body: twilioError(status, code, message), committed: false };
}

export const notFound = (path: string): ApiResult => fail(404, TWILIO_CODES.notFound, `The requested resource ${path} was not found`);
export const badRequest = (message: string): ApiResult => fail(400, TWILIO_CODES.badParameter, message);
export const methodNotAllowed = (method: string, path: string): ApiResult =>
  fail(405, TWILIO_CODES.methodNotAllowed, `Method ${method} is not allowed on ${path}`);

const injectedFailure = (operation: WriteOperation, name: string): ApiResult =>
  badRequest(`Injected failure: the emulator was told to fail the ${operation} of ${JSON.stringify(name)}`);

/** The routes of one resource kind: its collection (list, create) and its items (fetch, update, delete). */
function resourceRoute(emulated: EmulatedKind): Route {
  const { kind } = emulated;
  const { collection, listKey } = kind.api;
  const isSid = sidPattern(kind.sidPrefix);
  const storeOf = (ctx: ApiContext): ResourceStore => ctx.stores.get(kind.name) as ResourceStore;
  const keyOf = (values: Readonly<Record<string, unknown>>): string => String(values[kind.key]);

  const ok = (ctx: ApiContext, status: number, record: StoredResource, committed: boolean): ApiResult => ({
    status,
    body: renderResource(emulated, record, ctx.accountSid, ctx.baseUrl),
    committed,
  });

  function write(ctx: ApiContext, request: ApiRequest, mode: WriteMode, current: StoredResource | undefined): ApiResult {
    const store = storeOf(ctx);
    const parsed = parseForm(kind, new URLSearchParams(request.body), mode);
    if (!parsed.ok) return badRequest(parsed.message);
    const values = applyPatch(emulated, current, parsed.patch);
    const missing = missingGroupParam(kind, values, parsed.patch);
    if (missing !== undefined) return badRequest(missing);
    if (ctx.failWrite(mode, current ? [keyOf(current), keyOf(values)] : [keyOf(values)])) return injectedFailure(mode, keyOf(values));
    const conflict = emulated.conflict(store, values, current) ?? addressKindConflict(ctx.stores, kind, values, current);
    if (conflict !== undefined) return badRequest(conflict);
    const nowIso = isoSeconds(ctx.now());
    if (current) return ok(ctx, 200, store.update(current, values, nowIso), true);
    // Twilio documents the cap, not its answer: a 400 with the generic code (the client reads the message).
    if (kind.maxPerAccount !== undefined && store.size >= kind.maxPerAccount) {
      return badRequest(`Maximum number of ${kind.nounPlural} reached: an account can have up to ${kind.maxPerAccount}`);
    }
    return ok(ctx, 201, store.create(values, nowIso), true);
  }

  function list(ctx: ApiContext, request: ApiRequest): ApiResult {
    const parsed = parseListQuery(emulated, request.query);
    if (!parsed.ok) return badRequest(parsed.message);
    const store = storeOf(ctx);
    let records = store.list();
    for (const [param, value] of Object.entries(parsed.query.filters)) {
      const field = emulated.listFilters[param] as string;
      const spec = kind.fields.find((candidate) => candidate.name === field);
      // As Twilio answers a value outside an enum parameter's values (error 20001).
      if (spec?.enum !== undefined && !spec.enum.includes(spec.caseInsensitive ? value.toLowerCase() : value)) {
        return badRequest(`Invalid value '${value}' for parameter ${param}: must be one of ${spec.enum.join(', ')}`);
      }
      if (field === kind.key) records = store.withKey(value);
      else if (spec?.caseInsensitive) records = records.filter((record) => String(record[field]).toLowerCase() === value.toLowerCase());
      else records = records.filter((record) => record[field] === value);
    }
    const listUrl = collectionUrl(emulated, ctx.baseUrl);
    const page = listPage(records, parsed.query, listUrl, listKey);
    return {
      status: 200,
      body: { [listKey]: page.records.map((record) => renderResource(emulated, record, ctx.accountSid, ctx.baseUrl)), meta: page.meta },
      committed: false,
    };
  }

  /**
   * The resource `{Sid}` names: its SID, or (where the API takes it) its key, URL-encoded. A segment
   * with a SID's shape is read as a SID, never as a key: Twilio documents no other reading, the client
   * reads it so too, and validate refuses keys of that shape, so no file can declare one.
   */
  function find(store: ResourceStore, segment: string): StoredResource | undefined {
    if (isSid.test(segment)) return store.get(segment);
    if (!kind.api.keyInPath) return undefined;
    let key: string;
    try {
      key = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    return store.withKey(key)[0];
  }

  function item(ctx: ApiContext, request: ApiRequest, segment: string): ApiResult {
    if (!['GET', 'POST', 'DELETE'].includes(request.method)) return methodNotAllowed(request.method, request.path);
    const store = storeOf(ctx);
    const record = find(store, segment);
    if (!record) return notFound(request.path);
    switch (request.method) {
      case 'GET':
        return ok(ctx, 200, record, false);
      case 'POST':
        return write(ctx, request, 'update', record);
      default:
        if (ctx.failWrite('delete', [keyOf(record)])) return injectedFailure('delete', keyOf(record));
        store.delete(record.sid);
        return { status: 204, body: undefined, committed: true };
    }
  }

  return (ctx, request, path) => {
    if (path === collection) {
      if (request.method === 'GET') return list(ctx, request);
      if (request.method === 'POST') return write(ctx, request, 'create', undefined);
      return methodNotAllowed(request.method, request.path);
    }
    if (!path.startsWith(`${collection}/`)) return undefined;
    const segment = path.slice(collection.length + 1);
    return segment.includes('/') ? undefined : item(ctx, request, segment);
  };
}

/** Every path the emulator's API serves, tried in order. */
const ROUTES: readonly Route[] = Object.freeze(EMULATED_KINDS.map(resourceRoute));

/** The emulated APIs, free of HTTP: a request in, a status and JSON body out. */
export function handleApiRequest(ctx: ApiContext, request: ApiRequest): ApiResult {
  const path = request.path.replace(/\/+$/, '');
  for (const route of ROUTES) {
    const result = route(ctx, request, path);
    if (result !== undefined) return result;
  }
  return notFound(request.path);
}
