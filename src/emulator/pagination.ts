import { indexAfter, indexAtOrAfter, type Sequenced } from './store.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export interface ListQuery {
  readonly friendlyName: string | undefined;
  readonly pageSize: number;
  /** The page index: client state that only shapes the URLs in `meta`, unless no token is given. */
  readonly page: number;
  readonly pageToken: string | undefined;
}

export interface ListMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  /** The array's key in the page (`flex_flows`, `services`, ...). */
  key: string;
}

export type ListQueryOutcome = { readonly ok: true; readonly query: ListQuery } | { readonly ok: false; readonly message: string };

/**
 * A page token names a position in creation order: `PA<seq>` is "the flows after seq", `PB<seq>`
 * "the flows before seq". Finding a page is then a binary search plus a slice, whatever the total.
 */
const PAGE_TOKEN = /^P([AB])(\d{1,15})$/;

function parseInteger(raw: string | null, param: string, min: number): number | string | undefined {
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min) return `Invalid value '${raw}' for parameter ${param}: must be an integer of at least ${min}`;
  return Number(raw);
}

export interface ListQueryOptions {
  /** The largest page served; larger sizes are capped to it. Default 1000. */
  readonly maxPageSize?: number;
  /** Whether the endpoint filters by `FriendlyName`; where Twilio does not, the parameter is ignored, as Twilio ignores it. Default true. */
  readonly filtersByName?: boolean;
}

export function parseListQuery(params: URLSearchParams, options: ListQueryOptions = {}): ListQueryOutcome {
  // Larger sizes are capped, not refused: Twilio's helper libraries send PageSize=limit (list(limit=1001)).
  const pageSize = parseInteger(params.get('PageSize'), 'PageSize', 1);
  if (typeof pageSize === 'string') return { ok: false, message: pageSize };
  const page = parseInteger(params.get('Page'), 'Page', 0);
  if (typeof page === 'string') return { ok: false, message: page };
  const pageToken = params.get('PageToken') ?? undefined;
  if (pageToken !== undefined && !PAGE_TOKEN.test(pageToken)) {
    return { ok: false, message: `Invalid value '${pageToken}' for parameter PageToken: use the next_page_url or previous_page_url the API returned` };
  }
  return {
    ok: true,
    query: {
      friendlyName: options.filtersByName === false ? undefined : (params.get('FriendlyName') ?? undefined),
      pageSize: Math.min(pageSize ?? DEFAULT_PAGE_SIZE, options.maxPageSize ?? MAX_PAGE_SIZE),
      page: page ?? 0,
      pageToken,
    },
  };
}

function pageBounds(records: readonly Sequenced[], query: ListQuery): [number, number] {
  const match = query.pageToken === undefined ? null : PAGE_TOKEN.exec(query.pageToken);
  if (match) {
    const seq = Number(match[2]);
    if (match[1] === 'A') {
      const start = indexAfter(records, seq);
      return [start, Math.min(start + query.pageSize, records.length)];
    }
    const end = indexAtOrAfter(records, seq);
    return [Math.max(0, end - query.pageSize), end];
  }
  const start = Math.min(query.page * query.pageSize, records.length);
  return [start, Math.min(start + query.pageSize, records.length)];
}

function pageUrl(listUrl: string, query: ListQuery, page: number, pageToken: string | undefined): string {
  const params = new URLSearchParams();
  if (query.friendlyName !== undefined) params.set('FriendlyName', query.friendlyName);
  params.set('PageSize', String(query.pageSize));
  params.set('Page', String(page));
  if (pageToken !== undefined) params.set('PageToken', pageToken);
  return `${listUrl}?${params.toString()}`;
}

/** One page of `records` (already filtered, in creation order) and its `meta` under `key`, with absolute URLs. */
export function listPage<R extends Sequenced>(records: readonly R[], query: ListQuery, listUrl: string, key = 'flex_flows'): { records: readonly R[]; meta: ListMeta } {
  const [start, end] = pageBounds(records, query);
  const next = records[end];
  const previous = records[start - 1];
  return {
    records: records.slice(start, end),
    meta: {
      page: query.page,
      page_size: query.pageSize,
      first_page_url: pageUrl(listUrl, query, 0, undefined),
      previous_page_url: previous === undefined ? null : pageUrl(listUrl, query, Math.max(0, query.page - 1), `PB${previous.seq + 1}`),
      url: pageUrl(listUrl, query, query.page, query.pageToken),
      next_page_url: next === undefined ? null : pageUrl(listUrl, query, query.page + 1, `PA${next.seq - 1}`),
      key,
    },
  };
}
