import got, { RequestError, TimeoutError, type Got, type Response } from 'got';
import { FlexFlowSyncError, TwilioApiError, UserInputError } from '../errors.js';
import { sidPattern } from '../model/field.js';
import type { FlexFlow, FlowFields } from '../model/flexFlow.js';
import { type FormParams, formBody, toFormParams } from '../model/form.js';
import { type LiveResource, type ResourceFields, type ResourceKind, article } from '../model/kind.js';
import { FLEX_FLOW } from '../model/kinds.js';
import type { RateLimits } from '../model/limits.js';
import { serverText } from '../printable.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { PACKAGE_VERSION } from '../version.js';
import { AdaptiveLimiter, type RequestOutcome } from './adaptiveLimiter.js';
import { type Connection, baseUrlFor } from './connection.js';
import { NetworkError, OutcomeUnknownError } from './errors.js';
import { PageWalk } from './pageWalk.js';
import { Pacer } from './pacing.js';
import { limitBody } from './responseBody.js';
import { responseShapes } from './responseShapes.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from './retry.js';
import type { FlexFlowsApi, ResourceApi } from './types.js';

export interface ClientOptions {
  readonly connection: Connection;
  /** Most requests in flight. Default 10. */
  readonly concurrency?: number;
  /** Whether 429s shrink the concurrency (AIMD). Default true. */
  readonly adaptive?: boolean;
  /** Requests per second per endpoint to pace to (src/api/pacing.ts); false: no pacing. Default: the kind's rateLimits. */
  readonly pacing?: RateLimits | false;
  /** Per-request timeout in ms. Default 30000. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1). Default Math.random. */
  readonly random?: () => number;
  /** Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default: Date.now. */
  readonly now?: () => number;
  /** Called before each retry, for logs. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Called after each page of a listing, for progress. */
  readonly onPage?: (event: PageEvent) => void;
}

export interface PageEvent {
  /** 1 for the first page. */
  readonly page: number;
  /** Resources listed so far (flows, address configurations). */
  readonly flows: number;
}

export interface RetryEvent {
  /** What failed: `HTTP 503`, or a network error's code such as `ECONNRESET`. */
  readonly reason: string;
  readonly method: string;
  readonly path: string;
  readonly attempt: number;
  readonly delayMs: number;
  /** The most attempts the policy allows, the first included. */
  readonly maxAttempts: number;
}

interface ListOptions {
  readonly signal?: AbortSignal;
  /** Query parameters with Twilio's names that filter the list on the server: `{ FriendlyName }`, `{ Type }`. */
  readonly filter?: Readonly<Record<string, string>>;
}

/** The API client of one resource kind, with the limiter exposed so callers can observe its adaptation. */
export interface ResourceClient extends ResourceApi {
  list(options?: ListOptions): Promise<LiveResource[]>;
  readonly limiter: AdaptiveLimiter;
}

/** The Flex Flows API client, with the limiter exposed so callers can observe its adaptation. */
export interface FlexFlowsClient extends FlexFlowsApi {
  readonly limiter: AdaptiveLimiter;
}

/**
 * What may be retried. `read`, `update` and `delete` are idempotent; a `create` is retried only
 * when Twilio certainly did not process it (429, or a connection that never reached it).
 */
type RequestKind = 'read' | 'create' | 'update' | 'delete';

interface ApiRequest {
  readonly kind: RequestKind;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path and query, relative to the base URL. */
  readonly path: string;
  readonly form?: FormParams;
  readonly signal?: AbortSignal;
}

export const USER_AGENT = `flexflow-sync/${PACKAGE_VERSION} node/${process.versions.node}`;

/** Failures before a byte left this machine: nothing was processed, even for a create. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const NOT_SENT_TIMEOUT_EVENTS = new Set(['lookup', 'connect', 'secureConnect']);

function neverSent(error: RequestError): boolean {
  if (error instanceof TimeoutError) return NOT_SENT_TIMEOUT_EVENTS.has(error.event);
  return NOT_SENT_CODES.has(error.code);
}

/** Failures that no retry can mend: a server that does not speak TLS on an https:// URL. */
export const PERMANENT_CODES = new Set(['EPROTO']);

export function toApiError(request: ApiRequest, response: Response<string>, credentialSource?: string): TwilioApiError {
  let body: { code?: unknown; message?: unknown; more_info?: unknown } = {};
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    // Not Twilio's JSON error body (a proxy's HTML page): the status line is all we have.
  }
  return new TwilioApiError({
    status: response.statusCode,
    ...(typeof body.code === 'number' ? { twilioCode: body.code } : {}),
    // A server's words are shown to people and CI logs: no terminal escapes, no line breaks, and no
    // credentials of a URL it echoes (a webhook URL sent in the form), redacted before the cut.
    message:
      serverText(redactUrlCredentials(typeof body.message === 'string' ? body.message : (response.statusMessage ?? 'no message'))) +
      (response.statusCode === 401 && credentialSource !== undefined ? `; the request used ${credentialSource}: check it` : ''),
    ...(typeof body.more_info === 'string' ? { moreInfo: body.more_info } : {}),
    method: request.method,
    path: request.path,
  });
}

/** got, as every request to Twilio is sent: Basic auth, text bodies, no retry or redirect of its own. Timeout default 30000 ms. */
export function twilioHttp(credentials: Pick<Connection, 'username' | 'password'>, timeoutMs = 30_000): Got {
  return got.extend({
    username: credentials.username,
    password: credentials.password,
    // Bodies are read as sent, never decompressed, so that limitBody counts what is kept in memory.
    headers: { 'user-agent': USER_AGENT, accept: 'application/json', 'accept-encoding': 'identity' },
    decompress: false,
    timeout: { request: timeoutMs },
    // We retry ourselves: got's retry knows neither Twilio's 429 semantics nor unknown outcomes.
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
  });
}

/**
 * A client for one resource kind: the kind gives the product's host, the collection, the list key,
 * the page size, the rate limits to pace to, the shape answers are checked against, and the form
 * encoding (src/model/kinds.ts).
 */
export function createResourceClient(kind: ResourceKind, options: ClientOptions): ResourceClient {
  const { collection } = kind.api;
  const shapes = responseShapes(kind);
  const isSid = sidPattern(kind.sidPrefix);
  /**
   * An item's path: `{Sid}` may be the SID or, where the API takes it (address configurations), the
   * key. encodeURIComponent leaves "." alone, and every URL parser resolves the dot segments "." and
   * ".." (spelled %2E too) away, so such a path would reach the collection or `/v1/Configuration`:
   * another resource. An empty segment would reach the collection as well. A key that has a SID's
   * shape is read as that SID, by this client and by the API alike (validate refuses such keys).
   */
  const itemPath = (sidOrKey: string): string => {
    if (sidOrKey === '' || sidOrKey === '.' || sidOrKey === '..') {
      throw new UserInputError(
        `${JSON.stringify(sidOrKey)} cannot name ${article(kind.noun)} in a URL path: the request would reach another resource; use its SID`,
      );
    }
    return `${collection}/${encodeURIComponent(sidOrKey)}`;
  };
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter = new AdaptiveLimiter({
    max: options.concurrency ?? 10,
    ...(options.adaptive === undefined ? {} : { adaptive: options.adaptive }),
  });
  const pacer = options.pacing === false ? undefined : new Pacer(options.pacing ?? kind.rateLimits, { collection });
  const baseUrl = baseUrlFor(options.connection, kind.api.product);
  const host = new URL(baseUrl).host;
  const { urlSource, credentialSource } = options.connection;
  const networkError = (request: ApiRequest, reason: string, cause: RequestError): NetworkError =>
    new NetworkError(request.method, request.path, host, reason, { cause, ...(urlSource === undefined ? {} : { urlSource }) });
  const http = twilioHttp(options.connection, options.timeoutMs);

  /** One attempt under a limiter slot; the slot is released before any backoff wait. */
  async function attempt(request: ApiRequest): Promise<Response<string> | RequestError> {
    // Paced before taking a slot, so that a wait for one endpoint's budget never holds up another's.
    await pacer?.wait(request.method, request.path);
    const permit = await limiter.acquire();
    let outcome: RequestOutcome = 'other';
    try {
      const pending = http(`${baseUrl}${request.path}`, {
        method: request.method,
        // A string-set field is a repeated parameter, which got's `form` option cannot send.
        ...(request.form === undefined
          ? {}
          : { body: formBody(request.form), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      });
      const response = await limitBody(pending, `${request.method} ${request.path}`);
      if (response.statusCode === 429) {
        outcome = 'throttled';
        pacer?.throttled(request.method, request.path);
      } else if (response.statusCode < 300) outcome = 'success';
      return response;
    } catch (error) {
      if (error instanceof RequestError) return error;
      throw error;
    } finally {
      permit.release(outcome);
    }
  }

  async function send(request: ApiRequest): Promise<Response<string>> {
    const started = now();
    for (let attempts = 1; ; attempts += 1) {
      request.signal?.throwIfAborted();
      const result = await attempt(request);
      let reason: string;
      let retryAfter: string | undefined;
      if (result instanceof RequestError) {
        reason = result.code;
        if (PERMANENT_CODES.has(reason)) throw networkError(request, reason, result);
        if (request.kind === 'create' && !neverSent(result)) {
          throw new OutcomeUnknownError(request.method, request.path, reason, { cause: result });
        }
      } else {
        const status = result.statusCode;
        if (status < 300) return result;
        // A retried DELETE that finds nothing: an earlier attempt got through.
        if (status === 404 && request.kind === 'delete' && attempts > 1) return result;
        if (status !== 429 && status < 500) throw toApiError(request, result, credentialSource);
        if (status >= 500 && request.kind === 'create') {
          throw new OutcomeUnknownError(request.method, request.path, `HTTP ${status}`, { cause: toApiError(request, result) });
        }
        reason = `HTTP ${status}`;
        retryAfter = result.headers['retry-after'];
      }
      const delayMs = retryDelay(attempts, { retryAfter, random, now: now(), elapsedMs: now() - started, policy });
      if (delayMs === undefined) {
        if (result instanceof RequestError) throw networkError(request, reason, result);
        throw toApiError(request, result);
      }
      options.onRetry?.({
        method: request.method,
        path: request.path,
        attempt: attempts,
        delayMs,
        reason,
        maxAttempts: policy.maxAttempts,
      });
      await sleep(delayMs);
    }
  }

  async function list(listOptions: ListOptions = {}): Promise<LiveResource[]> {
    const pageSize = kind.api.maxPageSize;
    const query = new URLSearchParams({ PageSize: String(pageSize), ...listOptions.filter });
    const items: LiveResource[] = [];
    let pages = 0;
    const walk = new PageWalk(kind, baseUrl, pageSize);
    let path: string | undefined = `${collection}?${query.toString()}`;
    while (path !== undefined) {
      const request: ApiRequest = { kind: 'read', method: 'GET', path, ...(listOptions.signal ? { signal: listOptions.signal } : {}) };
      const page = shapes.readPage(`GET ${path}`, (await send(request)).body);
      items.push(...page.items);
      pages += 1;
      options.onPage?.({ page: pages, flows: items.length });
      path = walk.page(path, page.items, page.next_page_url);
    }
    return items;
  }

  /**
   * A key value as the API compares it: Twilio treats a case-insensitive field (`type`) without regard
   * to case, and may lower the case of an email address (lowerCaseWhen, read from the answer's type).
   */
  const keySpec = kind.fields.find((spec) => spec.name === kind.key);
  const sameKey = (a: string, b: string, resource: LiveResource): boolean => {
    const when = keySpec?.lowerCaseWhen;
    const anyCase =
      keySpec?.caseInsensitive === true || (when !== undefined && when.values.includes(String(resource[when.field]).toLowerCase()));
    return anyCase ? a.toLowerCase() === b.toLowerCase() : a === b;
  };

  /**
   * One resource's answer. An answer about another resource than the one asked for (another SID, or
   * another key: a create answered with another name) is forged or broken: an error, never taken as done.
   */
  async function call(request: ApiRequest, expected: { readonly sid?: string; readonly key?: unknown }): Promise<LiveResource> {
    const what = `${request.method} ${request.path}`;
    const resource = shapes.readResource(what, (await send(request)).body);
    const key = resource[kind.key] as string;
    const other =
      expected.sid !== undefined && resource.sid.toLowerCase() !== expected.sid.toLowerCase()
        ? `${kind.noun} ${resource.sid}, not ${expected.sid}`
        : typeof expected.key === 'string' && !sameKey(key, expected.key, resource)
          ? `${article(kind.noun)} whose ${kind.key} is ${JSON.stringify(serverText(key))}, not ${JSON.stringify(expected.key)}`
          : undefined;
    if (other !== undefined) throw new FlexFlowSyncError('E_API', `${what}: the answer describes ${other}; nothing is taken from it`);
    return resource;
  }

  /** What a fetch, update or delete by `sidOrKey` must answer about. */
  const expectedOf = (sidOrKey: string) => (isSid.test(sidOrKey) ? { sid: sidOrKey } : { key: sidOrKey });

  return {
    kind,
    limiter,
    list,
    fetch: async (sid) => call({ kind: 'read', method: 'GET', path: itemPath(sid) }, expectedOf(sid)),
    create: (fields: ResourceFields) =>
      call({ kind: 'create', method: 'POST', path: collection, form: toFormParams(kind, fields) }, { key: fields[kind.key] }),
    update: async (sid: string, fields: ResourceFields) =>
      call({ kind: 'update', method: 'POST', path: itemPath(sid), form: toFormParams(kind, fields) }, expectedOf(sid)),
    remove: async (sid) => {
      await send({ kind: 'delete', method: 'DELETE', path: itemPath(sid) });
    },
  };
}

/**
 * The Flex Flows client of the callers that do not take a kind yet: the generic client with the
 * list's `friendlyName` filter (Twilio filters Flex Flows by name on the server).
 */
export function createFlexFlowsClient(options: ClientOptions): FlexFlowsClient {
  const client = createResourceClient(FLEX_FLOW, options);
  // The generic client checked each answer against the Flex Flow table's shape.
  const asFlow = (resource: LiveResource) => resource as unknown as FlexFlow;
  return {
    limiter: client.limiter,
    list: async (listOptions = {}) =>
      (
        await client.list({
          ...(listOptions.signal === undefined ? {} : { signal: listOptions.signal }),
          ...(listOptions.friendlyName === undefined ? {} : { filter: { FriendlyName: listOptions.friendlyName } }),
        })
      ).map(asFlow),
    fetch: async (sid) => asFlow(await client.fetch(sid)),
    create: async (fields: FlowFields) => asFlow(await client.create(fields as unknown as ResourceFields)),
    update: async (sid: string, fields: Partial<FlowFields>) => asFlow(await client.update(sid, fields)),
    remove: (sid) => client.remove(sid),
  };
}
