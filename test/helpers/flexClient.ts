import type { ClientOptions, FlexFlowsClient } from '../../src/api/client.js';
import { createFlexFlowsClient } from '../../src/api/client.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { FLEX_FLOW_RATE_LIMITS, scaleRateLimits } from '../../src/model/limits.js';

/**
 * A real client pointed at a test emulator, with backoff waits recorded and skipped (tests must not
 * sleep through Retry-After) and a fixed jitter, so that runs are exact and fast. It paces itself to
 * the emulator's scaled rate limits; to none for a server that has none (a test's own node:http).
 */
export function clientFor(
  emulator: Pick<EmulatorHandle, 'url' | 'accountSid' | 'authToken'> & Partial<Pick<EmulatorHandle, 'rateScale'>>,
  overrides: Partial<ClientOptions> = {},
): FlexFlowsClient & { readonly waits: number[] } {
  const waits: number[] = [];
  const client = createFlexFlowsClient({
    connection: { baseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    timeoutMs: 5_000,
    pacing: emulator.rateScale === undefined ? false : scaleRateLimits(FLEX_FLOW_RATE_LIMITS, emulator.rateScale),
    ...overrides,
  });
  return Object.assign(client, { waits });
}
