import type { KindApi, LiveResource, ResourceKind } from '../model/kind.js';
import { ApiResponseError } from './responseShapes.js';

/**
 * The most resources a listing reads of a kind whose per-account limit Twilio does not document
 * (address configurations). It only stops a server that pages forever with new SIDs (repeats are
 * caught sooner); 50,000 is far above any account's numbers and addresses seen, and is 1,000 pages
 * of 50, under two minutes at the list rate. Either way it is safe: a real account this large gets a
 * clear error, never a partial list.
 */
const UNDOCUMENTED_LIST_CAP = 50_000;

/** What a walk reads of what it lists: a resource kind, or any collection (src/api/listCollection.ts). */
export type WalkedCollection = Pick<ResourceKind, 'nounPlural' | 'maxPerAccount'> & { readonly api: Pick<KindApi, 'collection'> };

/**
 * Follows a list through `next_page_url` and stops a server that would lead it on forever: a page
 * that repeats a resource already listed or a page already read, an empty page that still names a
 * next one, or more pages or resources than one account can hold.
 */
export class PageWalk {
  private readonly sids = new Set<string>();
  private readonly paths = new Set<string>();
  private pages = 0;
  private readonly maxListed: number;
  private readonly maxPages: number;

  constructor(
    private readonly kind: WalkedCollection,
    /** The client's base URL; a next page's path is taken relative to it. */
    private readonly baseUrl: string,
    /** The PageSize the client asks for. */
    private readonly pageSize: number,
  ) {
    this.maxListed = kind.maxPerAccount ?? UNDOCUMENTED_LIST_CAP;
    this.maxPages = Math.ceil(this.maxListed / pageSize);
  }

  /** Takes in one page read at `path` and returns the path of the next one, or undefined at the end. */
  page(path: string, items: readonly Pick<LiveResource, 'sid'>[], nextPageUrl: string | null): string | undefined {
    const request = `GET ${path}`;
    const { nounPlural } = this.kind;
    this.pages += 1;
    this.paths.add(path);
    for (const item of items) {
      if (this.sids.has(item.sid))
        throw new ApiResponseError(request, `page ${this.pages} lists ${item.sid} again, which an earlier page listed`);
      this.sids.add(item.sid);
    }
    if (this.sids.size > this.maxListed) {
      throw new ApiResponseError(
        request,
        this.kind.maxPerAccount === undefined
          ? `the list holds more than ${this.maxListed} ${nounPlural}, more than flexflow-sync reads of a kind whose limit Twilio does not document`
          : `the list holds more than ${this.maxListed} ${nounPlural}, Twilio's limit per account`,
      );
    }
    if (nextPageUrl === null || nextPageUrl === '') return undefined;
    if (items.length === 0) throw new ApiResponseError(request, `page ${this.pages} is empty but names a next page`);
    if (this.pages >= this.maxPages) {
      const most =
        this.kind.maxPerAccount === undefined
          ? `more than the ${this.maxListed} ${nounPlural} flexflow-sync reads (Twilio documents no limit)`
          : `more than an account of at most ${this.maxListed} ${nounPlural} fills`;
      throw new ApiResponseError(request, `the list goes on past ${this.maxPages} pages of ${this.pageSize}, ${most}`);
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
    const { collection } = this.kind.api;
    let url: URL | undefined;
    try {
      url = new URL(nextPageUrl);
    } catch {
      url = undefined;
    }
    const prefix = new URL(this.baseUrl).pathname.replace(/\/+$/, '');
    const path =
      url !== undefined && prefix !== '' && url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : url?.pathname;
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || path !== collection) {
      throw new ApiResponseError(request, `meta.next_page_url is not an absolute URL of ${collection}`);
    }
    return `${path}${url.search}`;
  }
}
