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

  it('halves once per overload, then adds one per increaseAfter successes back to max', async () => {
    const limiter = new AdaptiveLimiter({ max: 8, increaseAfter: 2 });
    const trace: number[] = [];
    // Eight requests sent under limit 8 all come back 429: one signal, limit 4.
    for (const permit of await acquireAll(limiter, 8)) permit.release('throttled');
    trace.push(limiter.limit);
    // A 429 for a request sent under the new limit halves again.
    (await limiter.acquire()).release('throttled');
    trace.push(limiter.limit);
    (await limiter.acquire()).release('throttled');
    trace.push(limiter.limit);
    (await limiter.acquire()).release('throttled');
    trace.push(limiter.limit);
    for (let i = 0; i < 16; i += 1) {
      (await limiter.acquire()).release('success');
      if (i % 2 === 1) trace.push(limiter.limit);
    }
    expect(trace).toEqual([4, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8]);
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
    held[0]?.release('throttled');
    await settle();
    // Limit 2, three still in flight: nobody is admitted.
    expect({ limit: limiter.limit, inFlight: limiter.inFlight, admitted }).toEqual({ limit: 2, inFlight: 3, admitted: 0 });
    held[1]?.release('success');
    held[2]?.release('success');
    await settle();
    expect({ inFlight: limiter.inFlight, admitted }).toEqual({ inFlight: 2, admitted: 1 });
    held[3]?.release('success');
    for (const permit of await Promise.all(waiters)) permit.release('success');
    expect(limiter.inFlight).toBe(0);
  });
});
