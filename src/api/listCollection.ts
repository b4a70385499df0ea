import { Ajv } from 'ajv';
import { RequestError, type Response } from 'got';
import { type ClientOptions, PERMANENT_CODES, toApiError, twilioHttp } from './client.js';
import type { Connection } from './connection.js';
import { NetworkError } from './errors.js';
import { PageWalk } from './pageWalk.js';
import { limitBody } from './responseBody.js';
import { ApiResponseError } from './responseShapes.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from './retry.js';

/**
 * Reads a whole Twilio collection, any product, read-only: the SID and friendly name of each item.
 * The resolver (src/resolve) lists Studio flows, services, workspaces and workflows with it. It
 * keeps the Flex Flows client's guards (retry with backoff and Retry-After, body cap, shape check,
 * a page walk that a server cannot lead on forever, credentials only ever sent to the base URL),
 * and sends one request at a time at a steady pace.
 */

/** What is listed, and the bounds a page walk holds it to. */
export interface CollectionSpec {
  /** The list path, e.g. `/v2/Flows`; every next page must be on it. */
  readonly collection: string;
  /** The array's key in a page (`flows`, `services`). */
  readonly listKey: string;
  /** Two letters: every SID listed must be these and 32 hex digits. */
  readonly sidPrefix: string;
  /** The PageSize asked for. */
  readonly pageSize: number;
  /** Twilio's documented limit per account; absent: pageWalk.ts's UNDOCUMENTED_LIST_CAP. More means the server pages forever. */
  readonly maxPerAccount?: number;
  /** How messages call the items: `Studio flows`. */
  readonly nounPlural: string;
}

/** One item as listed, after its shape was checked. A name may be null (Conversations marks it nullable). */
export interface ListedItem {
  readonly sid: string;
  readonly friendly_name: string | null;
}

export interface CollectionReaderOptions extends Pick<ClientOptions, 'timeoutMs' | 'retry' | 'random' | 'sleep' | 'now' | 'onRetry'> {
  /** Credentials and where the URL came from (for messages); each list call names its base URL. */
  readonly connection: Pick<Connection, 'username' | 'password' | 'urlSource' | 'credentialSource'>;
  /**
   * Least time between the starts of two requests, in ms. Default 100: ten a second, the list rate
   * Twilio documents for Flex Flows. Twilio documents none for these endpoints; either way it is
   * safe: a resolution takes a handful of requests, and a 429 is still retried with backoff.
   */
  readonly minIntervalMs?: number;
}

export interface CollectionReader {
  /**
   * Every item of `spec.collection` at `baseUrl`, all pages, with `query` (such as `FriendlyName`)
   * on the first request. An aborted `signal` stops it between requests.
   */
  list(baseUrl: string, spec: CollectionSpec, query?: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<ListedItem[]>;
}

interface Page {
  readonly items: readonly ListedItem[];
  readonly nextPageUrl: string | null;
}

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
const pageCheckers = new Map<string, (value: unknown) => boolean>();

/** A page's shape: only what is read is required, so that a field Twilio adds breaks nothing. */
function pageChecker(spec: CollectionSpec): (value: unknown) => boolean {
  const key = `${spec.listKey} ${spec.sidPrefix}`;
  let check = pageCheckers.get(key);
  if (!check) {
    check = ajv.compile({
      type: 'object',
      required: [spec.listKey, 'meta'],
      properties: {
        [spec.listKey]: {
          type: 'array',
          items: {
            type: 'object',
            required: ['sid', 'friendly_name'],
            properties: {
              sid: { type: 'string', pattern: `^${spec.sidPrefix}[0-9a-fA-F]{32}$` },
              friendly_name: { type: ['string', 'null'] },
            },
          },
        },
        meta: { type: 'object', required: ['next_page_url'], properties: { next_page_url: { type: ['string', 'null'] } } },
      },
    });
    pageCheckers.set(key, check);
  }
  return check;
}

function readPage(request: string, body: string, spec: CollectionSpec): Page {
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    throw new ApiResponseError(request, 'the answer is not JSON');
  }
  if (!pageChecker(spec)(value))
    throw new ApiResponseError(
      request,
      `the answer is not a page of ${spec.nounPlural} (${spec.sidPrefix} SIDs under "${spec.listKey}", and meta.next_page_url)`,
    );
  const page = value as Record<string, unknown> & { meta: { next_page_url: string | null } };
  return { items: page[spec.listKey] as ListedItem[], nextPageUrl: page.meta.next_page_url };
}

export function createCollectionReader(options: CollectionReaderOptions): CollectionReader {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const minIntervalMs = options.minIntervalMs ?? 100;
  const { urlSource, credentialSource } = options.connection;
  const http = twilioHttp(options.connection, options.timeoutMs);
  let lastStart = -Infinity;
  // One request at a time: a chain that each request joins.
  let queue: Promise<unknown> = Promise.resolve();

  async function paced<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      const wait = lastStart + minIntervalMs - now();
      if (wait > 0) await sleep(wait);
      lastStart = now();
      return task();
    });
    queue = run.catch(() => undefined);
    return run;
  }

  /** One GET, retried while the policy allows: 429, 5xx and network failures (a read is idempotent). */
  async function get(baseUrl: string, path: string, signal: AbortSignal | undefined): Promise<Response<string>> {
    const request = { kind: 'read', method: 'GET', path } as const;
    const host = new URL(baseUrl).host;
    const started = now();
    for (let attempts = 1; ; attempts += 1) {
      signal?.throwIfAborted();
      const result = await paced(async () => {
        try {
          return await limitBody(http(`${baseUrl}${path}`), `GET ${path}`);
        } catch (error) {
          if (error instanceof RequestError) return error;
          throw error;
        }
      });
      let reason: string;
      let retryAfter: string | undefined;
      if (result instanceof RequestError) {
        reason = result.code;
        if (PERMANENT_CODES.has(reason))
          throw new NetworkError('GET', path, host, reason, { cause: result, ...(urlSource === undefined ? {} : { urlSource }) });
      } else {
        if (result.statusCode < 300) return result;
        if (result.statusCode !== 429 && result.statusCode < 500) throw toApiError(request, result, credentialSource);
        reason = `HTTP ${result.statusCode}`;
        retryAfter = result.headers['retry-after'];
      }
      const delayMs = retryDelay(attempts, { retryAfter, random, now: now(), elapsedMs: now() - started, policy });
      if (delayMs === undefined) {
        if (result instanceof RequestError)
          throw new NetworkError('GET', path, host, reason, { cause: result, ...(urlSource === undefined ? {} : { urlSource }) });
        throw toApiError(request, result);
      }
      options.onRetry?.({ method: 'GET', path, attempt: attempts, delayMs, reason, maxAttempts: policy.maxAttempts });
      await sleep(delayMs);
    }
  }

  async function list(
    baseUrl: string,
    spec: CollectionSpec,
    query: Readonly<Record<string, string>> = {},
    signal?: AbortSignal,
  ): Promise<ListedItem[]> {
    const walk = new PageWalk({ ...spec, api: { collection: spec.collection } }, baseUrl, spec.pageSize);
    const items: ListedItem[] = [];
    let path: string | undefined = `${spec.collection}?${new URLSearchParams({ ...query, PageSize: String(spec.pageSize) }).toString()}`;
    while (path !== undefined) {
      const page = readPage(`GET ${path}`, (await get(baseUrl, path, signal)).body, spec);
      // Only what is read is kept: a page's other fields may be large.
      for (const item of page.items) items.push({ sid: item.sid, friendly_name: item.friendly_name });
      path = walk.page(path, page.items, page.nextPageUrl);
    }
    return items;
  }

  return { list };
}
