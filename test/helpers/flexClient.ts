import type { ClientOptions, FlexFlowsClient } from '../../src/api/client.js';
import { createFlexFlowsClient } from '../../src/api/client.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';

/**
 * A real client pointed at a test emulator, with backoff waits recorded and skipped (tests must not
 * sleep through Retry-After) and a fixed jitter, so that runs are exact and fast.
 */
export function clientFor(
  emulator: Pick<EmulatorHandle, 'url' | 'accountSid' | 'authToken'>,
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
    ...overrides,
  });
  return Object.assign(client, { waits });
}
