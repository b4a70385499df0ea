import ora, { type Ora } from 'ora';
import type { PageEvent, RetryEvent } from '../api/client.js';
import { type Io, isInteractive } from './io.js';

/**
 * What a person sees while the API is slow: on a terminal a spinner while flows are listed ("listing
 * flows… page 2, 2000 flows"), and, on a terminal and in CI alike, one stderr line per retry, so that
 * a long wait is never silent.
 */
export interface ApiProgress {
  readonly onRetry: (event: RetryEvent) => void;
  readonly onPage: (event: PageEvent) => void;
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
  let listed = 'flows';
  return {
    onRetry: (event) => {
      spinner?.clear();
      io.stderr.write(retryLine(event));
      spinner?.render();
    },
    onPage: (event) => {
      if (spinner !== undefined) spinner.text = `listing ${listed}… page ${event.page + 1} (${event.flows} so far)`;
    },
    listing: async (run, nounPlural = 'flows') => {
      if (!isInteractive(io, 'stderr')) return run();
      listed = nounPlural;
      spinner = ora({ stream: io.stderr, text: `listing ${listed}… page 1`, isEnabled: true, discardStdin: false, color: color ? 'cyan' : false }).start();
      try {
        return await run();
      } finally {
        spinner.stop();
        spinner = undefined;
      }
    },
  };
}
