import type { Connection } from '../api/connection.js';

/** What a saved plan was made for: `apply PLANFILE` refuses any other account or API host. */
export interface PlanTarget {
  readonly account_sid: string;
  /** The API base URL's host (and port): `flex-api.twilio.com`, `127.0.0.1:4010`. */
  readonly api_host: string;
}

export function targetOf(connection: Pick<Connection, 'accountSid' | 'baseUrl'>): PlanTarget {
  return { account_sid: connection.accountSid, api_host: new URL(connection.baseUrl).host };
}

function describe(target: PlanTarget): string {
  return `account ${target.account_sid} at ${target.api_host}`;
}

/**
 * Why a saved plan must not be applied with this connection, or undefined when it may: a create-only
 * plan made on account B would otherwise apply to A, where none of its staleness checks can see it.
 */
export function targetMismatch(saved: PlanTarget | undefined, current: PlanTarget): string | undefined {
  if (saved === undefined) return 'does not say which account it was made for (it was made by an older flexflow-sync)';
  if (saved.account_sid === current.account_sid && saved.api_host === current.api_host) return undefined;
  return `was made for ${describe(saved)}, but these credentials are for ${describe(current)}`;
}
