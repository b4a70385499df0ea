import { LOOKUP_TARGETS, TARGET_KINDS, type LookupTarget } from '../../model/lookupTargets.js';
import { listPage, parseListQuery, type ListRules } from '../pagination.js';
import { isoSeconds } from '../render.js';
import { badRequest, methodNotAllowed, notFound, type ApiRequest, type ApiResult } from '../routes.js';
import { renderLookup } from './render.js';
import type { LookupRecord, LookupStore } from './store.js';

/**
 * The list, create and fetch endpoints of the resources flow files may name (Studio v2 Flows, Chat
 * v2 and Conversations v1 Services, TaskRouter v1 Workspaces and their Workflows), so that the
 * resolver and its tests run against the emulator. With `--api-url` every product's requests come
 * here; their paths do not overlap. Twilio documents no rate limits for these endpoints, so none is
 * enforced; the resolver paces itself (src/resolve/lookupClient.ts).
 */

export interface LookupContext {
  readonly store: LookupStore;
  readonly accountSid: string;
  /** The emulator's base URL, set once it listens. */
  readonly baseUrl: string;
  readonly now: () => Date;
}

interface Route {
  readonly target: LookupTarget;
  /** Groups: the parent workspace (a workflow's), then the SID of an item (absent: the collection). */
  readonly pattern: RegExp;
}

/** One route per target, from the table: `{WorkspaceSid}` matches one path segment. */
const ROUTES: readonly Route[] = TARGET_KINDS.map((kind) => {
  const target = LOOKUP_TARGETS[kind];
  const parent = target.collection.replace('{WorkspaceSid}', '([^/]+)');
  const hasParent = parent !== target.collection;
  return { target, pattern: new RegExp(`^${hasParent ? parent : `()${parent}`}(?:/([^/]+))?$`) };
});

/** The filter TaskRouter's lists take (query parameter → field); the others take none, and ignore it, as Twilio does. */
const BY_NAME: Readonly<Record<string, string>> = { FriendlyName: 'friendly_name' };

/** Twilio's words for a missing create parameter (as the Flex Flows emulator says them). */
const missingParam = (param: string): ApiResult => badRequest(`Missing required parameter ${param} in the post body`);

/** A create's parameters checked as Twilio's reference describes them; the first problem as a 400, or undefined. */
function createProblem(target: LookupTarget, form: URLSearchParams): ApiResult | undefined {
  for (const param of target.requiredOnCreate) if ((form.get(param) ?? '') === '') return missingParam(param);
  const status = form.get('Status');
  if (target.kind === 'studio-flow' && status !== 'draft' && status !== 'published') {
    return badRequest(`Invalid value '${status ?? ''}' for parameter Status: must be draft or published`);
  }
  for (const param of ['Definition', 'Configuration']) {
    const text = form.get(param);
    if (text === null) continue;
    try {
      JSON.parse(text);
    } catch {
      return badRequest(`Invalid value for parameter ${param}: must be a JSON document`);
    }
  }
  return undefined;
}

function itemUrl(ctx: LookupContext, collection: string, record: LookupRecord): string {
  return `${ctx.baseUrl}${collection}/${record.sid}`;
}

function list(ctx: LookupContext, route: Route, request: ApiRequest, collection: string, parentSid: string | undefined): ApiResult {
  const { target } = route;
  // Larger pages are capped, as for Flex Flows: Twilio's helper libraries send PageSize=limit.
  const rules: ListRules = {
    kind: { api: { maxPageSize: target.maxPageSize } },
    pageSizeAboveMax: 'cap',
    listFilters: target.filtersByName ? BY_NAME : {},
  };
  const parsed = parseListQuery(rules, request.query);
  if (!parsed.ok) return badRequest(parsed.message);
  const all = ctx.store.list(target.kind, parentSid);
  const name = parsed.query.filters.FriendlyName;
  // Twilio documents TaskRouter's FriendlyName filter, not its matching rule: exact here, and the
  // resolver matches exactly again whatever a server returns, so either rule is safe.
  const records = name === undefined ? all : all.filter((record) => record.friendly_name === name);
  const page = listPage(records, parsed.query, `${ctx.baseUrl}${collection}`, target.listKey);
  return {
    status: 200,
    body: {
      [target.listKey]: page.records.map((record) => renderLookup(record, itemUrl(ctx, collection, record), ctx.accountSid, true)),
      meta: page.meta,
    },
    committed: false,
  };
}

function create(ctx: LookupContext, route: Route, request: ApiRequest, collection: string, parentSid: string | undefined): ApiResult {
  const form = new URLSearchParams(request.body);
  const problem = createProblem(route.target, form);
  if (problem) return problem;
  const params = Object.fromEntries([...form.entries()].filter(([param]) => param !== 'FriendlyName'));
  const record = ctx.store.create(route.target.kind, form.get('FriendlyName') as string, params, isoSeconds(ctx.now()), parentSid);
  return { status: 201, body: renderLookup(record, itemUrl(ctx, collection, record), ctx.accountSid), committed: true };
}

/** A request to one of these endpoints answered; undefined when the path is none of theirs. */
export function handleLookupRequest(ctx: LookupContext, request: ApiRequest): ApiResult | undefined {
  const path = request.path.replace(/\/+$/, '');
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const parentSid = match[1] === '' ? undefined : match[1];
    const sid = match[2];
    if (parentSid !== undefined && !ctx.store.get('workspace', parentSid)) return notFound(request.path);
    const collection = path.slice(0, sid === undefined ? path.length : path.length - sid.length - 1);
    if (sid !== undefined) {
      // Update and delete exist in Twilio's API but nothing here needs them.
      if (request.method !== 'GET') return methodNotAllowed(request.method, request.path);
      const record = ctx.store.get(route.target.kind, sid, parentSid);
      return record
        ? { status: 200, body: renderLookup(record, itemUrl(ctx, collection, record), ctx.accountSid), committed: false }
        : notFound(request.path);
    }
    if (request.method === 'GET') return list(ctx, route, request, collection, parentSid);
    if (request.method === 'POST') return create(ctx, route, request, collection, parentSid);
    return methodNotAllowed(request.method, request.path);
  }
  return undefined;
}
