import ora, { type Ora } from 'ora';
import type { PageEvent, RetryEvent } from '../api/client.js';
import { type Io, isInteractive } from './io.js';

/**
 * What a person sees while the API is slow: on a terminal one spinner while resources are listed
 * ("listing flows… page 2 (1000 so far); listing address configurations… page 1"), and, on a
 * terminal and in CI alike, one stderr line per retry, so that a long wait is never silent. Kinds
 * are listed side by side, so the spinner shows every listing still running, and stops with the last.
 */
export interface ApiProgress {
  readonly onRetry: (event: RetryEvent) => void;
  /** The page callback and the listing wrapper of one kind's client. */
  readonly of: (nounPlural: string) => ListingProgress;
}

interface ListingProgress {
  readonly onPage: (event: PageEvent) => void;
  /** Runs a listing under the spinner (on a terminal). */
  readonly listing: <T>(run: () => Promise<T>) => Promise<T>;
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
  /** Each running listing's noun and where it is ("page 2 (1000 so far)"), in the order they started. */
  const running = new Map<string, string>();
  const text = (): string => [...running].map(([noun, where]) => `listing ${noun}… ${where}`).join('; ');
  return {
    onRetry: (event) => {
      spinner?.clear();
      io.stderr.write(retryLine(event));
      spinner?.render();
    },
    of: (nounPlural) => ({
      onPage: (event) => {
        if (spinner === undefined || !running.has(nounPlural)) return;
        running.set(nounPlural, `page ${event.page + 1} (${event.flows} so far)`);
        spinner.text = text();
      },
      listing: async (run) => {
        if (!isInteractive(io, 'stderr')) return run();
        running.set(nounPlural, 'page 1');
        if (spinner === undefined)
          spinner = ora({ stream: io.stderr, text: text(), isEnabled: true, discardStdin: false, color: color ? 'cyan' : false }).start();
        else spinner.text = text();
        try {
          return await run();
        } finally {
          running.delete(nounPlural);
          if (running.size > 0) spinner.text = text();
          else {
            spinner.stop();
            spinner = undefined;
          }
        }
      },
    }),
  };
}
