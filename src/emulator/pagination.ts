import type { KindApi } from '../model/kind.js';
import type { EmulatedKind } from './kinds.js';
import { indexAfter, indexAtOrAfter, type StoredResource } from './store.js';

const DEFAULT_PAGE_SIZE = 50;

export interface ListQuery {
  /** The filters given, query parameter → value, in the kind's order. */
  readonly filters: Readonly<Record<string, string>>;
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
  /** The list key: `flex_flows`, `address_configurations`. */
  key: string;
}

export type ListQueryOutcome = { readonly ok: true; readonly query: ListQuery } | { readonly ok: false; readonly message: string };

/**
 * A page token names a position in creation order: `PA<seq>` is "the resources after seq", `PB<seq>`
 * "the resources before seq". Finding a page is then a binary search plus a slice, whatever the total.
 */
const PAGE_TOKEN = /^P([AB])(\d{1,15})$/;

function parseInteger(raw: string | null, param: string, min: number): number | string | undefined {
  if (raw === null) return undefined;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min)
    return `Invalid value '${raw}' for parameter ${param}: must be an integer of at least ${min}`;
  return Number(raw);
}

/** What a list's query is read against: an emulated kind, or a collection flow files name (lookups/). */
export type ListRules = Pick<EmulatedKind, 'pageSizeAboveMax' | 'listFilters'> & {
  readonly kind: { readonly api: Pick<KindApi, 'maxPageSize'> };
};

export function parseListQuery(emulated: ListRules, params: URLSearchParams): ListQueryOutcome {
  const { maxPageSize } = emulated.kind.api;
  const pageSize = parseInteger(params.get('PageSize'), 'PageSize', 1);
  if (typeof pageSize === 'string') return { ok: false, message: pageSize };
  if (pageSize !== undefined && pageSize > maxPageSize && emulated.pageSizeAboveMax === 'refuse') {
    return { ok: false, message: `Invalid value '${pageSize}' for parameter PageSize: must be between 1 and ${maxPageSize}` };
  }
  const page = parseInteger(params.get('Page'), 'Page', 0);
  if (typeof page === 'string') return { ok: false, message: page };
  const pageToken = params.get('PageToken') ?? undefined;
  if (pageToken !== undefined && !PAGE_TOKEN.test(pageToken)) {
    return {
      ok: false,
      message: `Invalid value '${pageToken}' for parameter PageToken: use the next_page_url or previous_page_url the API returned`,
    };
  }
  const filters = Object.fromEntries(
    Object.keys(emulated.listFilters).flatMap((param) => (params.has(param) ? [[param, params.get(param) as string]] : [])),
  );
  return { ok: true, query: { filters, pageSize: Math.min(pageSize ?? DEFAULT_PAGE_SIZE, maxPageSize), page: page ?? 0, pageToken } };
}

function pageBounds(records: readonly StoredResource[], query: ListQuery): [number, number] {
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
  const params = new URLSearchParams(query.filters);
  params.set('PageSize', String(query.pageSize));
  params.set('Page', String(page));
  if (pageToken !== undefined) params.set('PageToken', pageToken);
  return `${listUrl}?${params.toString()}`;
}

/** One page of `records` (already filtered, in creation order) and its `meta`, with absolute URLs. */
export function listPage<R extends StoredResource>(
  records: readonly R[],
  query: ListQuery,
  listUrl: string,
  key: string,
): { records: readonly R[]; meta: ListMeta } {
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
