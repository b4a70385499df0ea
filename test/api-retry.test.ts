import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay } from '../src/api/retry.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    { value: undefined, expected: undefined },
    { value: '3', expected: 3000 },
    { value: '0.5', expected: 500 },
    { value: 'Thu, 01 Jan 2026 00:00:07 GMT', expected: 7000 },
    { value: 'Wed, 31 Dec 2025 23:59:00 GMT', expected: 0 },
    { value: 'soon', expected: undefined },
  ])('$value → $expected', ({ value, expected }) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('retryDelay', () => {
  const policy = { maxAttempts: 5, maxTotalMs: 10_000, baseDelayMs: 100, maxDelayMs: 1_000 };
  it.each([
    { name: 'first retry: up to the base', attempt: 1, random: 0.5, retryAfter: undefined, elapsedMs: 0, expected: 50 },
    { name: 'doubles per attempt', attempt: 3, random: 0.5, retryAfter: undefined, elapsedMs: 0, expected: 200 },
    { name: 'ceiling capped at maxDelayMs', attempt: 4, random: 0.999, retryAfter: undefined, elapsedMs: 0, expected: 799 },
    { name: 'full jitter can be zero', attempt: 2, random: 0, retryAfter: undefined, elapsedMs: 0, expected: 0 },
    { name: 'Retry-After seconds is a floor', attempt: 1, random: 0.5, retryAfter: '2', elapsedMs: 0, expected: 2000 },
    { name: 'Retry-After HTTP date', attempt: 1, random: 0.5, retryAfter: 'Thu, 01 Jan 2026 00:00:04 GMT', elapsedMs: 0, expected: 4000 },
    { name: 'backoff longer than Retry-After wins', attempt: 4, random: 0.9, retryAfter: '0', elapsedMs: 0, expected: 720 },
    { name: 'attempt cap', attempt: 5, random: 0.5, retryAfter: undefined, elapsedMs: 0, expected: undefined },
    { name: 'total time cap', attempt: 2, random: 0.5, retryAfter: undefined, elapsedMs: 9_950, expected: undefined },
    { name: 'Retry-After beyond the time budget gives up', attempt: 1, random: 0.5, retryAfter: '11', elapsedMs: 0, expected: undefined },
  ])('$name', ({ attempt, random, retryAfter, elapsedMs, expected }) => {
    expect(retryDelay(attempt, { random: () => random, now: NOW, elapsedMs, policy, retryAfter })).toBe(expected);
  });

  it('uses the default policy when none is given', () => {
    expect(retryDelay(1, { random: () => 0.5 })).toBe(DEFAULT_RETRY_POLICY.baseDelayMs / 2);
    expect(retryDelay(DEFAULT_RETRY_POLICY.maxAttempts, { random: () => 0.5 })).toBeUndefined();
  });
});
