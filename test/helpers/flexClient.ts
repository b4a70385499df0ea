import type { ClientOptions, FlexFlowsClient, ResourceClient } from '../../src/api/client.js';
import { createFlexFlowsClient, createResourceClient } from '../../src/api/client.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import type { ResourceKind } from '../../src/model/kind.js';
import { FLEX_FLOW } from '../../src/model/kinds.js';
import { scaleRateLimits } from '../../src/model/limits.js';

type Target = Pick<EmulatorHandle, 'url' | 'accountSid' | 'authToken'> & Partial<Pick<EmulatorHandle, 'rateScale'>>;

/** The options of a test client of `kind` whose backoff waits land in `waits`. */
function testClientOptions(kind: ResourceKind, emulator: Target, waits: number[], overrides: Partial<ClientOptions>): ClientOptions {
  return {
    connection: { baseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    random: () => 0.5,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    timeoutMs: 5_000,
    pacing: emulator.rateScale === undefined ? false : scaleRateLimits(kind.rateLimits, emulator.rateScale),
    ...overrides,
  };
}

/**
 * A real client pointed at a test emulator, with backoff waits recorded and skipped (tests must not
 * sleep through Retry-After) and a fixed jitter, so that runs are exact and fast. It paces itself to
 * the emulator's scaled rate limits; to none for a server that has none (a test's own node:http).
 */
export function clientFor(emulator: Target, overrides: Partial<ClientOptions> = {}): FlexFlowsClient & { readonly waits: number[] } {
  const waits: number[] = [];
  return Object.assign(createFlexFlowsClient(testClientOptions(FLEX_FLOW, emulator, waits, overrides)), { waits });
}

/** clientFor, for any resource kind. */
export function resourceClientFor(
  kind: ResourceKind,
  emulator: Target,
  overrides: Partial<ClientOptions> = {},
): ResourceClient & { readonly waits: number[] } {
  const waits: number[] = [];
  return Object.assign(createResourceClient(kind, testClientOptions(kind, emulator, waits, overrides)), { waits });
}
