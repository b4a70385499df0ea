import ora, { type Ora } from 'ora';
import type { PageEvent, RetryEvent } from '../api/client.js';
import { type Io, isInteractive } from './io.js';

/**
 * What a person sees while the API is slow: on a terminal one spinner while resources are listed
 * ("listing flows… page 2 (2000 so far), listing address configurations… page 1"), and, on a terminal and in CI alike, one stderr line per retry, so that
 * a long wait is never silent.
 */
export interface ApiProgress {
  readonly onRetry: (event: RetryEvent) => void;
  /** A page of a listing of `nounPlural` (default `flows`) arrived. */
  readonly onPage: (event: PageEvent, nounPlural?: string) => void;
  /** Runs a listing of `nounPlural` (default `flows`) under the spinner (on a terminal), which is cleared when it ends. */
  readonly listing: <T>(run: () => Promise<T>, nounPlural?: string) => Promise<T>;
}

/** `HTTP 503` → `503`; a network error's code stays as it is. */
const shortReason = (reason: string): string => reason.replace(/^HTTP /, '');

/** "503 from GET /v1/FlexFlows, retry 3/9 in 2.1 s": the query is left out, it only repeats the page size. */
function retryLine(event: RetryEvent): string {
  const path = event.path.split('?')[0];
  return `${shortReason(event.reason)} from ${event.method} ${path}, retry ${event.attempt}/${event.maxAttempts - 1} in ${(event.delayMs / 1000).toFixed(1)} s\n`;
}

export function apiProgress(io: Io, color: boolean): ApiProgress {
  let spinner: Ora | undefined;
  // Kinds are listed side by side: one spinner says where each listing is.
  const listings = new Map<symbol, { readonly nounPlural: string; text: string }>();
  const show = (): void => {
    if (spinner !== undefined) spinner.text = [...listings.values()].map((listing) => listing.text).join(', ');
  };
  return {
    onRetry: (event) => {
      spinner?.clear();
      io.stderr.write(retryLine(event));
      spinner?.render();
    },
    onPage: (event, nounPlural = 'flows') => {
      for (const listing of listings.values()) if (listing.nounPlural === nounPlural) listing.text = `listing ${nounPlural}… page ${event.page + 1} (${event.flows} so far)`;
      show();
    },
    listing: async (run, nounPlural = 'flows') => {
      if (!isInteractive(io, 'stderr')) return run();
      const id = Symbol(nounPlural);
      listings.set(id, { nounPlural, text: `listing ${nounPlural}… page 1` });
      spinner ??= ora({ stream: io.stderr, text: '', isEnabled: true, discardStdin: false, color: color ? 'cyan' : false }).start();
      show();
      try {
        return await run();
      } finally {
        listings.delete(id);
        if (listings.size === 0) {
          spinner?.stop();
          spinner = undefined;
        } else {
          show();
        }
      }
    },
  };
}
