// Apart from pipeline.ts so that `validate`, which never talks to the API, starts without the HTTP client.
import type { Connection } from '../api/connection.js';
import { createResourceClient } from '../api/client.js';
import { pacingRates } from '../api/pacing.js';
import type { ResourceApi } from '../api/types.js';
import type { KindName, ResourceKind } from '../model/kind.js';
import { kindNamed } from '../model/kinds.js';
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
  /** The client of a kind, made on first use, then the same one; its full listings show the spinner. */
  readonly apiFor: (kind: KindName) => ResourceApi;
  /** The same client without the listing spinner, for work that shows its own progress (apply's lookups and checks). */
  readonly quietApiFor: (kind: KindName) => ResourceApi;
  /** The account and API host the client talks to, which a saved plan records and is checked against. */
  readonly target: PlanTarget;
  /** The connection itself, for the read-only lookups of names (src/resolve). */
  readonly connection: Connection;
}

/** One client per kind on one connection, each paced to the account's rate limits and listing under the spinner. */
function clientsOf(
  io: Io,
  connection: Connection,
  color: boolean | undefined,
  options: ConnectOptions,
): (kind: ResourceKind) => { listed: ResourceApi; quiet: ResourceApi } {
  const progress = apiProgress(io, useColor(io, 'stderr', color));
  const clients = new Map<ResourceKind, { listed: ResourceApi; quiet: ResourceApi }>();
  return (kind) => {
    let api = clients.get(kind);
    if (api === undefined) {
      const listing = progress.of(kind.nounPlural);
      const client = createResourceClient(kind, {
        connection,
        // The settings' rate_limits name the Flex Flows endpoints (settings/schema.ts); other kinds keep their own rates.
        pacing: pacingRates(kind.name === 'flex-flow' ? (options.rateLimits ?? {}) : {}, io.env, kind.rateLimits),
        onRetry: progress.onRetry,
        onPage: listing.onPage,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      });
      api = { listed: { ...client, list: (listOptions) => listing.listing(() => client.list(listOptions)) }, quiet: client };
      clients.set(kind, api);
    }
    return api;
  };
}

/**
 * The clients for the account that `--profile`, the environment or twilio-cli's active profile names
 * (`--api-url` / FLEXFLOW_API_URL override the host), paced to the account's rate limits. Says on
 * stderr which twilio-cli profile it used, or that the environment won over one.
 */
export async function connectApi(
  io: Io,
  flags: { readonly apiUrl?: string; readonly profile?: string; readonly color?: boolean },
  options: ConnectOptions = {},
): Promise<ConnectedApi> {
  const { connection, notice } = await chooseConnection(io, flags.apiUrl, flags.profile);
  if (notice !== undefined) io.stderr.write(notice);
  const clientOf = clientsOf(io, connection, flags.color, options);
  return {
    apiFor: (kind) => clientOf(kindNamed(kind)).listed,
    quietApiFor: (kind) => clientOf(kindNamed(kind)).quiet,
    target: targetOf(connection),
    connection,
  };
}
