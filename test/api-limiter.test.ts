import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter, type Permit } from '../src/api/adaptiveLimiter.js';

async function acquireAll(limiter: AdaptiveLimiter, count: number): Promise<Permit[]> {
  return Promise.all(Array.from({ length: count }, () => limiter.acquire()));
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AdaptiveLimiter', () => {
  it('never admits more than the limit; waiters run in order as slots free', async () => {
    const limiter = new AdaptiveLimiter({ max: 2 });
    const order: number[] = [];
    const first = await acquireAll(limiter, 2);
    const waiting = [1, 2, 3].map((n) => limiter.acquire().then((permit) => (order.push(n), permit)));
    await settle();
    expect({ inFlight: limiter.inFlight, order }).toEqual({ inFlight: 2, order: [] });
    first[0]?.release('success');
    await settle();
    expect({ inFlight: limiter.inFlight, order }).toEqual({ inFlight: 2, order: [1] });
    first[1]?.release('success');
    const rest = await Promise.all(waiting.slice(0, 2));
    expect({ inFlight: limiter.inFlight, order }).toEqual({ inFlight: 2, order: [1, 2] });
    for (const permit of rest) permit.release('success');
    (await waiting[2])?.release('success');
    expect(limiter.inFlight).toBe(0);
  });

  it.each([
    // 32 in flight against an account that takes 8: 24 refused in the round, so the limit drops by that share.
    { name: 'a round mostly refused drops the limit by the refused share', max: 32, rounds: [[24, 8]], expected: [8] },
    {
      name: 'scattered 429s under the overload share only slow the growth',
      max: 10,
      rounds: [
        [2, 8],
        [2, 8],
      ],
      expected: [10, 10],
    },
    { name: 'exactly the overload share counts as overload', max: 10, rounds: [[3, 7]], expected: [7] },
    { name: 'a fully refused round leaves one slot, never zero', max: 4, rounds: [[4, 0]], expected: [1] },
    {
      name: 'after a drop, each clean round adds one back, up to max',
      max: 4,
      rounds: [
        [4, 0],
        [0, 1],
        [0, 2],
        [0, 3],
        [0, 4],
        [0, 4],
      ],
      expected: [1, 2, 3, 4, 4, 4],
    },
  ])('$name', async ({ max, rounds, expected }) => {
    const limiter = new AdaptiveLimiter({ max });
    const trace: number[] = [];
    for (const [throttled, succeeded] of rounds as [number, number][]) {
      const permits = await acquireAll(limiter, throttled + succeeded);
      permits.forEach((permit, i) => permit.release(i < throttled ? 'throttled' : 'success'));
      trace.push(limiter.limit);
    }
    expect(trace).toEqual(expected);
  });

  it('with adaptive off, 429s leave the fixed cap alone', async () => {
    const limiter = new AdaptiveLimiter({ max: 8, adaptive: false });
    for (const permit of await acquireAll(limiter, 8)) permit.release('throttled');
    (await limiter.acquire()).release('throttled');
    expect(limiter.limit).toBe(8);
  });

  it('other failures leave the limit alone; a permit releases once', async () => {
    const limiter = new AdaptiveLimiter({ max: 3 });
    const permit = await limiter.acquire();
    permit.release('other');
    permit.release('throttled');
    expect({ limit: limiter.limit, inFlight: limiter.inFlight }).toEqual({ limit: 3, inFlight: 0 });
  });

  it('a lowered limit holds back waiters until requests drain below it', async () => {
    const limiter = new AdaptiveLimiter({ max: 4 });
    const held = await acquireAll(limiter, 4);
    let admitted = 0;
    const waiters = [limiter.acquire(), limiter.acquire()].map((p) => p.then((permit) => ((admitted += 1), permit)));
    // Three of the round's four refused: the limit drops to 1 once the round is complete.
    held[0]?.release('throttled');
    held[1]?.release('throttled');
    held[2]?.release('throttled');
    await settle();
    expect({ limit: limiter.limit, inFlight: limiter.inFlight, admitted }).toEqual({ limit: 4, inFlight: 3, admitted: 2 });
    held[3]?.release('success');
    await settle();
    expect({ limit: limiter.limit, inFlight: limiter.inFlight, admitted }).toEqual({ limit: 1, inFlight: 2, admitted: 2 });
    let third = false;
    const next = limiter.acquire().then((permit) => ((third = true), permit));
    await settle();
    // Two in flight over a limit of 1: the next request waits.
    expect(third).toBe(false);
    const [first, second] = await Promise.all(waiters);
    first?.release('success');
    await settle();
    // A clean one-answer round at limit 1 adds one back: 2, with one in flight, so it goes.
    expect({ limit: limiter.limit, third }).toEqual({ limit: 2, third: true });
    second?.release('success');
    (await next).release('success');
    expect(limiter.inFlight).toBe(0);
  });
});
