import { describe, expect, it } from 'vitest';
import { JITTER_ALLOWANCE_MS, Pacer, RATE_SCALE_ENV, pacingRates } from '../src/api/pacing.js';
import { UserInputError } from '../src/errors.js';
import { FLEX_FLOW_RATE_LIMITS } from '../src/model/limits.js';

const SID = `FO${'a'.repeat(32)}`;

/** A pacer on a hand-moved clock whose waits are recorded instead of slept. */
function pacerAt(rates = FLEX_FLOW_RATE_LIMITS) {
  const clock = { now: 0 };
  let waited = 0;
  const pacer = new Pacer(rates, {
    now: () => clock.now,
    sleep: (ms) => {
      waited = ms;
      return Promise.resolve();
    },
  });
  /** Starts `count` requests at the current time and returns the wait each one got (0: none). */
  const burst = (method: string, path: string, count: number): number[] =>
    Array.from({ length: count }, () => {
      waited = 0;
      // The slot is reserved, and the sleep asked for, before wait() first yields.
      void pacer.wait(method, path);
      return waited;
    });
  return { pacer, clock, burst };
}

describe('Pacer', () => {
  it.each([
    { name: 'creates: 2 a second, one at once', method: 'POST', path: '/v1/FlexFlows', expected: [0, 500, 1000, 1500] },
    { name: 'deletes: 2 a second', method: 'DELETE', path: `/v1/FlexFlows/${SID}`, expected: [0, 500, 1000, 1500] },
    {
      name: 'updates: 1 a second, with room for network jitter',
      method: 'POST',
      path: `/v1/FlexFlows/${SID}`,
      expected: [0, 1000 + JITTER_ALLOWANCE_MS, 2 * (1000 + JITTER_ALLOWANCE_MS), 3 * (1000 + JITTER_ALLOWANCE_MS)],
    },
    { name: 'list pages: 10 a second, 5 at once', method: 'GET', path: '/v1/FlexFlows?PageSize=1000', expected: [0, 0, 0, 0, 0, 100, 200] },
    { name: 'other paths are not paced', method: 'GET', path: '/v1/WebChannels', expected: [0, 0, 0] },
  ])('$name', ({ method, path, expected }) => {
    expect(pacerAt().burst(method, path, expected.length)).toEqual(expected);
  });

  it('keeps separate budgets per endpoint, and refills with time', () => {
    const { clock, burst } = pacerAt();
    expect(burst('POST', '/v1/FlexFlows', 2)).toEqual([0, 500]);
    expect(burst('POST', `/v1/FlexFlows/${SID}`, 1)).toEqual([0]);
    clock.now = 10_000;
    expect(burst('POST', '/v1/FlexFlows', 2)).toEqual([0, 500]);
  });

  it('after a 429 the next request waits a full interval instead of spending the burst', () => {
    const { pacer, clock, burst } = pacerAt();
    clock.now = 10_000;
    pacer.throttled('GET', '/v1/FlexFlows');
    expect(burst('GET', '/v1/FlexFlows', 3)).toEqual([100, 200, 300]);
  });
});

describe('pacingRates', () => {
  it("is Twilio's limits, replaced per endpoint by the settings, scaled by FLEXFLOW_RATE_SCALE", () => {
    expect(pacingRates({}, {})).toEqual(FLEX_FLOW_RATE_LIMITS);
    expect(pacingRates({ create: 20 }, { [RATE_SCALE_ENV]: '10' })).toEqual({ list: 100, fetch: 20, create: 200, update: 10, delete: 20 });
  });

  it.each(['0', '-1', 'fast', '1e-7'])('refuses FLEXFLOW_RATE_SCALE=%s', (value) => {
    expect(() => pacingRates({}, { [RATE_SCALE_ENV]: value })).toThrow(UserInputError);
  });
});
