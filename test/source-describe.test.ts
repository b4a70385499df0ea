import { describe, expect, it } from 'vitest';
import { describeValue } from '../src/source/describe.js';

describe('describeValue', () => {
  it.each([
    ['short', '"short"'],
    [`${'x'.repeat(61)}`, `"${'x'.repeat(57)}..."`],
    ['https://user:pw@example.com/hook', '"https://***@example.com/hook"'],
    // The `@` lies past the cut: the credentials must still not show.
    [`https://user:${'s'.repeat(70)}@example.com/hook`, '"https://***@example.com/hook"'],
    [null, 'null'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
    [3, '3'],
  ])('%j → %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});
