import { describe, expect, it } from 'vitest';
import { MAX_STEM_BYTES, assignFileNames, safeFileName, safeStem } from '../src/export/fileNames.js';

describe('safeFileName', () => {
  it.each([
    { name: 'spaces become dashes, lower case', input: 'Support SMS', expected: 'support-sms.yaml' },
    { name: 'path traversal', input: '../../etc/passwd', expected: 'etc-passwd.yaml' },
    { name: 'slash', input: 'a/b', expected: 'a-b.yaml' },
    { name: 'backslash', input: 'a\\b', expected: 'a-b.yaml' },
    { name: 'Windows device name', input: 'CON', expected: 'con_.yaml' },
    { name: 'Windows device name with extension', input: 'nul.txt', expected: 'nul-.txt.yaml' },
    { name: 'Windows device name with superscript digit', input: 'COM¹', expected: 'com¹_.yaml' },
    { name: 'reserved characters', input: 'a:b*?"<>|', expected: 'a-b.yaml' },
    { name: 'trailing dots and spaces', input: 'trailing... ', expected: 'trailing.yaml' },
    { name: 'dot-dot alone', input: '..', expected: 'flow.yaml' },
    { name: 'leading dot (hidden file)', input: '.hidden', expected: 'hidden.yaml' },
    { name: 'leading dash (read as an option)', input: '-rf', expected: 'rf.yaml' },
    { name: 'control characters and newlines', input: 'a\u0000b\nc\td', expected: 'a-b-c-d.yaml' },
    { name: 'emoji kept whole', input: '🚀 Launch 👩‍👩‍👧', expected: '🚀-launch-👩‍👩‍👧.yaml' },
    { name: 'NFD becomes NFC', input: 'Re\u0301sume\u0301', expected: 'r\u00e9sum\u00e9.yaml' },
    { name: 'shell-special characters', input: "Web ${x} `id` it's a;b & (c) [d] ~e #f", expected: 'web-x-id-it-s-a-b-c-d-e-f.yaml' },
    { name: 'empty', input: '', expected: 'flow.yaml' },
    { name: 'only reserved characters', input: '???', expected: 'flow.yaml' },
  ])('$name: $input', ({ input, expected }) => {
    expect(safeFileName(input, new Set())).toBe(expected);
  });

  it('caps a 300-character name at MAX_STEM_BYTES bytes', () => {
    expect(safeFileName('x'.repeat(300), new Set())).toBe(`${'x'.repeat(MAX_STEM_BYTES)}.yaml`);
  });

  it('caps multi-byte names by bytes without splitting a character', () => {
    const stem = safeStem('日本語のフロー'.repeat(20));
    expect(Buffer.byteLength(stem)).toBeLessThanOrEqual(MAX_STEM_BYTES);
    expect(stem).toBe('日本語のフロー'.repeat(20).slice(0, Math.floor(MAX_STEM_BYTES / 3)));
    const emoji = safeStem('👩‍👩‍👧'.repeat(20));
    expect(emoji).toBe('👩‍👩‍👧'.repeat(Math.floor(MAX_STEM_BYTES / 18)));
  });

  it('records each name it hands out, case-insensitively', () => {
    const taken = new Set<string>();
    expect(safeFileName('A', taken)).toBe('a.yaml');
    expect(taken).toEqual(new Set(['a.yaml']));
  });
});

describe('assignFileNames', () => {
  it.each([
    {
      name: 'names differing only in case',
      input: ['support sms', 'Support SMS', 'SUPPORT SMS'],
      expected: { 'SUPPORT SMS': 'support-sms.yaml', 'Support SMS': 'support-sms-2.yaml', 'support sms': 'support-sms-3.yaml' },
    },
    {
      name: 'names colliding after sanitising',
      input: ['a/b', 'a:b', 'a b', 'a-b'],
      expected: { 'a b': 'a-b.yaml', 'a-b': 'a-b-2.yaml', 'a/b': 'a-b-3.yaml', 'a:b': 'a-b-4.yaml' },
    },
    {
      name: 'a suffix that another flow already owns',
      input: ['x', 'X', 'x-2'],
      expected: { X: 'x.yaml', x: 'x-2.yaml', 'x-2': 'x-2-2.yaml' },
    },
    {
      name: 'NFC and NFD spellings of one name',
      input: ['\u00e9', 'e\u0301'],
      expected: { 'e\u0301': '\u00e9.yaml', '\u00e9': '\u00e9-2.yaml' },
    },
  ])('$name', ({ input, expected }) => {
    expect(Object.fromEntries(assignFileNames(input))).toEqual(expected);
    expect(Object.fromEntries(assignFileNames([...input].reverse()))).toEqual(expected);
  });

  it('never hands out a reserved name', () => {
    expect(Object.fromEntries(assignFileNames(['Flows'], ['flows.yaml']))).toEqual({ Flows: 'flows-2.yaml' });
  });
});
