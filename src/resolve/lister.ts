import type { Connection } from '../api/connection.js';
import { createCollectionReader, type CollectionReaderOptions, type ListedItem } from '../api/listCollection.js';
import { collectionPath, type LookupTarget } from '../model/lookupTargets.js';
import { productBaseUrl } from './hosts.js';

/** The read-only list calls the resolver makes; tests may pass their own. */
export interface NameLister {
  /**
   * Every `target` in the account (a workflow's: in `workspaceSid`), all pages; with `friendlyName`
   * on a target Twilio filters by name, only what the server returns for it (still matched exactly
   * by the caller, whatever the server's rule).
   */
  list(
    target: LookupTarget,
    options?: { readonly workspaceSid?: string; readonly friendlyName?: string; readonly signal?: AbortSignal },
  ): Promise<readonly ListedItem[]>;
}

export type LookupListerOptions = Omit<CollectionReaderOptions, 'connection'>;

/**
 * Lists over HTTP with `connection`'s credentials, each product on its own host (see hosts.ts).
 * Twilio documents no per-account limit for these resources, so a listing reads up to pageWalk.ts's
 * UNDOCUMENTED_LIST_CAP (50,000) before it calls the server endless.
 */
export function createLookupLister(connection: Connection, options: LookupListerOptions = {}): NameLister {
  const reader = createCollectionReader({ ...options, connection });
  return {
    list: (target, { workspaceSid, friendlyName, signal } = {}) =>
      reader.list(
        productBaseUrl(connection.baseUrl, target.product),
        {
          collection: collectionPath(target, workspaceSid),
          listKey: target.listKey,
          sidPrefix: target.sidPrefix,
          pageSize: target.maxPageSize,
          nounPlural: target.nounPlural,
        },
        friendlyName !== undefined && target.filtersByName ? { FriendlyName: friendlyName } : {},
        signal,
      ),
  };
}
