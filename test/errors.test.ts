import { describe, expect, it } from 'vitest';
import { redactUrlCredentials } from '../src/redactUrl.js';

describe('redactUrlCredentials', () => {
  it.each([
    { input: 'https://bot:pw@hooks.example.com/in', expected: 'https://***@hooks.example.com/in' },
    { input: 'https://u:p@SECRET@h.example.com/x', expected: 'https://***@h.example.com/x' },
    { input: 'https:/u:SECRET@h.example.com', expected: 'https://***@h.example.com/' },
    { input: 'https:u:SECRET@h.example.com', expected: 'https://***@h.example.com/' },
    { input: 'https:\\\\u:SECRET@h.example.com/x', expected: 'https://***@h.example.com/x' },
    { input: 'https://u: SECRET@h.example.com/x', expected: 'https://***@h.example.com/x' },
    { input: 'https://h.example.com/x?to=a@b:c', expected: 'https://h.example.com/x?to=a@b:c' },
    { input: 'error: POST https://u:p@h/x failed', expected: 'error: POST https://***@h/x failed' },
    { input: 'two: https://h/x\nhttps://u:p@h2/y', expected: 'two: https://h/x\nhttps://***@h2/y' },
    { input: 'at f (file:///app/node_modules/@scope/pkg/x.js:1:2)', expected: 'at f (file:///app/node_modules/@scope/pkg/x.js:1:2)' },
    { input: 'user:pw@host', expected: 'user:***@host' },
    { input: 'sales@example.com', expected: 'sales@example.com' },
  ])('$input', ({ input, expected }) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });

  it('takes linear time: 900 kB of text that the old pattern scanned quadratically is instant', () => {
    const text = `${'a'.repeat(900_000)}:@`;
    expect(redactUrlCredentials(text)).toBe(`${'a'.repeat(900_000)}:***@`);
  });
});
