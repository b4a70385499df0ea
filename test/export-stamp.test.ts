import { describe, expect, it } from 'vitest';
import { STAMP_BYTES, stampOf, stamped } from '../src/export/stamp.js';

const TEXT = '# yaml-language-server: $schema=../schema/flexflow.schema.json\nfriendly_name: a\n';

describe('stamp', () => {
  it('goes after the schema comment and proves the text unchanged', () => {
    const text = stamped(TEXT);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/flexflow.schema.json');
    expect(text.split('\n')[1]).toMatch(/^# Written by flexflow-sync export \(sha256 [0-9a-f]{16}\)/);
    expect(Buffer.byteLength(text) - Buffer.byteLength(TEXT)).toBe(STAMP_BYTES);
    expect(stampOf(text)).toBe('unchanged');
  });

  it.each([
    ['an edit', (text: string) => text.replace('friendly_name: a', 'friendly_name: b')],
    ['a line added', (text: string) => `${text}enabled: false\n`],
    ['a changed schema comment', (text: string) => text.replace('../schema', 'schema')],
  ])('%s shows', (_, edit) => {
    expect(stampOf(edit(stamped(TEXT)))).toBe('edited');
  });

  it.each([
    ['no stamp', TEXT],
    ['the stamp not on the second line', `${TEXT}${stamped(TEXT).split('\n')[1] ?? ''}\n`],
    ['empty', ''],
    ['one line without a newline', '# x'],
  ])('%s: not written by export', (_, text) => {
    expect(stampOf(text)).toBe('foreign');
  });
});
