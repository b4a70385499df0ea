import got, { RequestError, TimeoutError, type Got, type Response } from 'got';
import { FlexFlowSyncError, TwilioApiError } from '../errors.js';
import { type FlexFlow, type FlowFields, toFormParams } from '../model/flexFlow.js';
import { FLEX_FLOW_RATE_LIMITS, type RateLimits } from '../model/limits.js';
import { serverText } from '../printable.js';
import { PACKAGE_VERSION } from '../version.js';
import { AdaptiveLimiter, type RequestOutcome } from './adaptiveLimiter.js';
import type { Connection } from './connection.js';
import { NetworkError, OutcomeUnknownError } from './errors.js';
import { PAGE_SIZE, PageWalk } from './pageWalk.js';
import { Pacer } from './pacing.js';
import { limitBody } from './responseBody.js';
import { readFlow, readPage } from './responseShapes.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from './retry.js';
import type { FlexFlowsApi } from './types.js';

export interface ClientOptions {
  readonly connection: Connection;
  /** Most requests in flight. Default 10. */
  readonly concurrency?: number;
  /** Whether 429s shrink the concurrency (AIMD). Default true. */
  readonly adaptive?: boolean;
  /** Requests per second per endpoint to pace to (src/api/pacing.ts); false: no pacing. Default: Twilio's documented limits. */
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
  /** Flows listed so far. */
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

/** The Flex Flows API client, with the limiter exposed so callers can observe its adaptation. */
export interface FlexFlowsClient extends FlexFlowsApi {
  readonly limiter: AdaptiveLimiter;
}

const COLLECTION = '/v1/FlexFlows';

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
  readonly form?: Record<string, string>;
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
    // A server's words are shown to people and CI logs: no terminal escapes, no line breaks.
    message:
      serverText(typeof body.message === 'string' ? body.message : response.statusMessage ?? 'no message') +
      (response.statusCode === 401 && credentialSource !== undefined ? `; the request used ${credentialSource}: check it` : ''),
    ...(typeof body.more_info === 'string' ? { moreInfo: body.more_info } : {}),
    method: request.method,
    path: request.path,
  });
}

function sidPath(sid: string): string {
  return `${COLLECTION}/${encodeURIComponent(sid)}`;
}

export function createFlexFlowsClient(options: ClientOptions): FlexFlowsClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter = new AdaptiveLimiter({
    max: options.concurrency ?? 10,
    ...(options.adaptive === undefined ? {} : { adaptive: options.adaptive }),
  });
  const pacer = options.pacing === false ? undefined : new Pacer(options.pacing ?? FLEX_FLOW_RATE_LIMITS);
  const { baseUrl, username, password } = options.connection;
  const host = new URL(baseUrl).host;
  const { urlSource, credentialSource } = options.connection;
  const networkError = (request: ApiRequest, reason: string, cause: RequestError): NetworkError =>
    new NetworkError(request.method, request.path, host, reason, { cause, ...(urlSource === undefined ? {} : { urlSource }) });
  const http: Got = got.extend({
    username,
    password,
    // Bodies are read as sent, never decompressed, so that limitBody counts what is kept in memory.
    headers: { 'user-agent': USER_AGENT, accept: 'application/json', 'accept-encoding': 'identity' },
    decompress: false,
    timeout: { request: options.timeoutMs ?? 30_000 },
    // We retry ourselves: got's retry knows neither Twilio's 429 semantics nor unknown outcomes.
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'text',
  });

  /** One attempt under a limiter slot; the slot is released before any backoff wait. */
  async function attempt(request: ApiRequest): Promise<Response<string> | RequestError> {
    // Paced before taking a slot, so that a wait for one endpoint's budget never holds up another's.
    await pacer?.wait(request.method, request.path);
    const permit = await limiter.acquire();
    let outcome: RequestOutcome = 'other';
    try {
      const pending = http(`${baseUrl}${request.path}`, {
        method: request.method,
        ...(request.form === undefined ? {} : { form: request.form }),
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
        const header = result.headers['retry-after'];
        retryAfter = Array.isArray(header) ? header[0] : header;
      }
      const delayMs = retryDelay(attempts, { retryAfter, random, now: now(), elapsedMs: now() - started, policy });
      if (delayMs === undefined) {
        if (result instanceof RequestError) throw networkError(request, reason, result);
        throw toApiError(request, result);
      }
      options.onRetry?.({ method: request.method, path: request.path, attempt: attempts, delayMs, reason, maxAttempts: policy.maxAttempts });
      await sleep(delayMs);
    }
  }

  async function list(listOptions?: { friendlyName?: string; signal?: AbortSignal }): Promise<FlexFlow[]> {
    const query = new URLSearchParams({ PageSize: String(PAGE_SIZE) });
    if (listOptions?.friendlyName !== undefined) query.set('FriendlyName', listOptions.friendlyName);
    const flows: FlexFlow[] = [];
    let pages = 0;
    const walk = new PageWalk(COLLECTION, baseUrl);
    let path: string | undefined = `${COLLECTION}?${query.toString()}`;
    while (path !== undefined) {
      const request: ApiRequest = { kind: 'read', method: 'GET', path, ...(listOptions?.signal ? { signal: listOptions.signal } : {}) };
      const page = readPage(`GET ${path}`, (await send(request)).body);
      flows.push(...page.flex_flows);
      pages += 1;
      options.onPage?.({ page: pages, flows: flows.length });
      path = walk.page(path, page.flex_flows, page.meta.next_page_url);
    }
    return flows;
  }

  /**
   * One flow's answer. An answer about another flow than the one asked for (another SID, or a create
   * answered with another name) is forged or broken: an error, never taken as done.
   */
  async function call(request: ApiRequest, expected: { readonly sid?: string; readonly friendlyName?: string }): Promise<FlexFlow> {
    const what = `${request.method} ${request.path}`;
    const flow = readFlow(what, (await send(request)).body);
    const other =
      expected.sid !== undefined && flow.sid.toLowerCase() !== expected.sid.toLowerCase()
        ? `flow ${flow.sid}, not ${expected.sid}`
        : expected.friendlyName !== undefined && flow.friendly_name !== expected.friendlyName
          ? `a flow named ${JSON.stringify(serverText(flow.friendly_name))}, not ${JSON.stringify(expected.friendlyName)}`
          : undefined;
    if (other !== undefined) throw new FlexFlowSyncError('E_API', `${what}: the answer describes ${other}; nothing is taken from it`);
    return flow;
  }

  return {
    limiter,
    list,
    fetch: (sid) => call({ kind: 'read', method: 'GET', path: sidPath(sid) }, { sid }),
    create: (fields: FlowFields) => call({ kind: 'create', method: 'POST', path: COLLECTION, form: toFormParams(fields) }, { friendlyName: fields.friendly_name }),
    update: (sid: string, fields: Partial<FlowFields>) =>
      call({ kind: 'update', method: 'POST', path: sidPath(sid), form: toFormParams(fields) }, { sid }),
    remove: async (sid) => {
      await send({ kind: 'delete', method: 'DELETE', path: sidPath(sid) });
    },
  };
}
