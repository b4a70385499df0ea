import type { FlexFlow } from '../model/flexFlow.js';
import { ApiResponseError } from './responseShapes.js';

/** Twilio: "You can have up to 2500 Flex Flows per account" (Flex Messaging Limits). */
const MAX_FLOWS_PER_ACCOUNT = 2500;
/** The largest page Twilio serves; the client always asks for it. */
export const PAGE_SIZE = 1000;
/** The pages an account can fill at PAGE_SIZE: more means the server is paging forever. */
const MAX_PAGES = Math.ceil(MAX_FLOWS_PER_ACCOUNT / PAGE_SIZE);

/**
 * Follows a list through `next_page_url` and stops a server that would lead it on forever: a page
 * that repeats a flow already listed or a page already read, an empty page that still names a next
 * one, or more pages or flows than one account can hold.
 */
export class PageWalk {
  private readonly sids = new Set<string>();
  private readonly paths = new Set<string>();
  private pages = 0;

  constructor(
    /** The collection's path (`/v1/FlexFlows`): every next page must be on it. */
    private readonly collection: string,
    /** The client's base URL; a next page's path is taken relative to it. */
    private readonly baseUrl: string,
  ) {}

  /** Takes in one page read at `path` and returns the path of the next one, or undefined at the end. */
  page(path: string, flows: readonly FlexFlow[], nextPageUrl: string | null): string | undefined {
    const request = `GET ${path}`;
    this.pages += 1;
    this.paths.add(path);
    for (const flow of flows) {
      if (this.sids.has(flow.sid)) throw new ApiResponseError(request, `page ${this.pages} lists ${flow.sid} again, which an earlier page listed`);
      this.sids.add(flow.sid);
    }
    if (this.sids.size > MAX_FLOWS_PER_ACCOUNT) {
      throw new ApiResponseError(request, `the list holds more than ${MAX_FLOWS_PER_ACCOUNT} flows, Twilio's limit per account`);
    }
    if (nextPageUrl === null || nextPageUrl === '') return undefined;
    if (flows.length === 0) throw new ApiResponseError(request, `page ${this.pages} is empty but names a next page`);
    if (this.pages >= MAX_PAGES) {
      throw new ApiResponseError(request, `the list goes on past ${MAX_PAGES} pages of ${PAGE_SIZE}, more than an account of at most ${MAX_FLOWS_PER_ACCOUNT} flows fills`);
    }
    const next = this.relativePath(request, nextPageUrl);
    if (this.paths.has(next)) throw new ApiResponseError(request, 'meta.next_page_url names a page already read');
    return next;
  }

  /**
   * The path and query of a `next_page_url` relative to the base URL, so that the credentials only
   * ever go to the base URL (Twilio's page URLs name its global host even on a regional one).
   */
  private relativePath(request: string, nextPageUrl: string): string {
    let url: URL | undefined;
    try {
      url = new URL(nextPageUrl);
    } catch {
      url = undefined;
    }
    const prefix = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    const path = url !== undefined && prefix !== '' && url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url?.pathname;
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || path !== this.collection) {
      throw new ApiResponseError(request, `meta.next_page_url is not an absolute URL of ${this.collection}`);
    }
    return `${path}${url.search}`;
  }
}
