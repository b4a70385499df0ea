// Apart from pipeline.ts so that `validate`, which never talks to the API, starts without the HTTP client.
import { createFlexFlowsClient } from '../api/client.js';
import { resolveConnection } from '../api/connection.js';
import { pacingRates } from '../api/pacing.js';
import type { FlexFlowsApi } from '../api/types.js';
import type { Settings } from '../settings/types.js';
import type { Io } from './io.js';

export interface ConnectOptions {
  /** Most requests in flight; the client's default when absent. */
  readonly concurrency?: number;
  /** The settings' `rate_limits:`; Twilio's documented limits for the endpoints it does not name. */
  readonly rateLimits?: Settings['rateLimits'];
}

/**
 * A client for the account the environment names (`--api-url` / FLEXFLOW_API_URL override the
 * host), paced to the account's rate limits.
 */
export function connectApi(io: Io, apiUrl?: string, options: ConnectOptions = {}): FlexFlowsApi {
  return createFlexFlowsClient({
    connection: resolveConnection(io.env, apiUrl),
    pacing: pacingRates(options.rateLimits ?? {}, io.env),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}
