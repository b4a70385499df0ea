// Apart from pipeline.ts so that `validate`, which never talks to the API, starts without the HTTP client.
import { createFlexFlowsClient, createResourceClient } from '../api/client.js';
import { pacingRates } from '../api/pacing.js';
import type { FlexFlowsApi, ResourceApi } from '../api/types.js';
import type { ResourceKind } from '../model/kind.js';
import { type PlanTarget, targetOf } from '../plan/target.js';
import type { Settings } from '../settings/types.js';
import { apiProgress } from './apiProgress.js';
import { chooseConnection } from './credentials.js';
import { type Io, useColor } from './io.js';

export interface ConnectOptions {
  /** Most requests in flight; the client's default when absent. */
  readonly concurrency?: number;
  /** The settings' `rate_limits:`; Twilio's documented limits for the endpoints it does not name. */
  readonly rateLimits?: Settings['rateLimits'];
}

export interface ConnectedApi {
  readonly api: FlexFlowsApi;
  /** The account and API host the client talks to, which a saved plan records and is checked against. */
  readonly target: PlanTarget;
}

/**
 * A client for the account that `--profile`, the environment or twilio-cli's active profile names
 * (`--api-url` / FLEXFLOW_API_URL override the host), paced to the account's rate limits. Says on
 * stderr which twilio-cli profile it used, or that the environment won over one.
 */
export async function connectApi(io: Io, flags: { readonly apiUrl?: string; readonly profile?: string; readonly color?: boolean }, options: ConnectOptions = {}): Promise<ConnectedApi> {
  const { connection, notice } = await chooseConnection(io, flags.apiUrl, flags.profile);
  if (notice !== undefined) io.stderr.write(notice);
  const progress = apiProgress(io, useColor(io, 'stderr', flags.color));
  const client = createFlexFlowsClient({
    connection,
    pacing: pacingRates(options.rateLimits ?? {}, io.env),
    onRetry: progress.onRetry,
    onPage: progress.onPage,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  // Only the full listing gets the spinner: apply's lookups by name run under apply's own progress.
  const api: FlexFlowsApi = {
    ...client,
    list: (listOptions) => (listOptions?.friendlyName === undefined ? progress.listing(() => client.list(listOptions)) : client.list(listOptions)),
  };
  return { api, target: targetOf(connection) };
}

/**
 * As connectApi, a client for each kind: one connection (one profile notice), each client paced to
 * the account's rate limits and listing under the spinner.
 */
export async function connectResourceApis(
  io: Io,
  flags: { readonly apiUrl?: string; readonly profile?: string; readonly color?: boolean },
  kinds: readonly ResourceKind[],
  options: ConnectOptions = {},
): Promise<ReadonlyMap<ResourceKind, ResourceApi>> {
  const { connection, notice } = await chooseConnection(io, flags.apiUrl, flags.profile);
  if (notice !== undefined) io.stderr.write(notice);
  const progress = apiProgress(io, useColor(io, 'stderr', flags.color));
  return new Map(
    kinds.map((kind) => {
      const client = createResourceClient(kind, {
        connection,
        pacing: pacingRates(options.rateLimits ?? {}, io.env),
        onRetry: progress.onRetry,
        onPage: progress.onPage,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      });
      const api: ResourceApi = { ...client, list: (listOptions) => progress.listing(() => client.list(listOptions), kind.nounPlural) };
      return [kind, api];
    }),
  );
}
