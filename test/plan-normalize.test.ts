import { describe, expect, it } from 'vitest';
import { INTEGRATION_FIELDS, TOP_LEVEL_FIELDS, type FlexFlow } from '../src/model/flexFlow.js';
import { type FieldSpec } from '../src/model/field.js';
import { normalizeUrl, normalizeValue, valuesEqual } from '../src/model/normalizeValue.js';
import { liveToFields } from '../src/plan/normalize.js';
import { liveFlow } from './helpers/fixtures.js';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';

const field = (name: string): FieldSpec => {
  const spec = [...TOP_LEVEL_FIELDS, ...INTEGRATION_FIELDS].find((candidate) => candidate.name === name);
  if (!spec) throw new Error(`no field ${name}`);
  return spec;
};

describe('normalizeValue', () => {
  it.each([
    { name: 'integer as string', field: 'retry_count', value: '2', expected: 2 },
    { name: 'integer with spaces', field: 'timeout', value: ' 30 ', expected: 30 },
    { name: 'not an integer stays as is', field: 'timeout', value: '3.5', expected: '3.5' },
    { name: 'boolean as string', field: 'enabled', value: 'TRUE', expected: true },
    { name: 'boolean false as string', field: 'long_lived', value: 'false', expected: false },
    { name: 'empty string is empty', field: 'contact_identity', value: '', expected: null },
    { name: 'undefined is empty', field: 'contact_identity', value: undefined, expected: null },
    { name: 'SID hex case', field: 'flow_sid', value: 'FW' + 'AB'.repeat(16), expected: 'FW' + 'ab'.repeat(16) },
    { name: 'number in a string field', field: 'contact_identity', value: 12345, expected: '12345' },
    { name: 'URL host case and trailing slash', field: 'url', value: 'https://Example.COM/Hook/', expected: 'https://example.com/Hook' },
  ])('$name', ({ field: name, value, expected }) => {
    expect(normalizeValue(field(name), value)).toEqual(expected);
  });
});

describe('normalizeUrl', () => {
  it.each([
    { input: 'https://example.com', expected: 'https://example.com' },
    { input: 'https://example.com/', expected: 'https://example.com' },
    { input: 'https://example.com:443/a', expected: 'https://example.com/a' },
    { input: 'https://example.com/?q=1', expected: 'https://example.com/?q=1' },
    { input: 'not a url', expected: 'not a url' },
  ])('$input', ({ input, expected }) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('keeps path case and credentials significant', () => {
    expect(valuesEqual(field('url'), 'https://x.io/A', 'https://x.io/a')).toBe(false);
    expect(valuesEqual(field('url'), 'https://u:1@x.io/', 'https://u:2@x.io/')).toBe(false);
  });
});

describe('liveToFields', () => {
  it('takes every writable field in table order, typed, dropping unknown integration keys', () => {
    const flow = {
      ...liveFlow(0, 'a', {
        chat_service_sid: 'IS' + '0'.repeat(32),
        channel_type: 'sms',
        contact_identity: '',
        integration_type: 'task',
        long_lived: null,
      }),
      // The API's loose typing, and a key the field table does not know.
      integration: { workspace_sid: 'WS' + '0'.repeat(32), timeout: '30', creation_on_message: 'false', surprise: 1 },
    } as unknown as FlexFlow;
    const fields = liveToFields(FLEX_FLOW, flow as unknown as LiveResource);
    expect(Object.keys(fields)).toEqual([
      'friendly_name',
      'chat_service_sid',
      'channel_type',
      'contact_identity',
      'enabled',
      'integration_type',
      'integration',
      'long_lived',
      'janitor_enabled',
    ]);
    expect(fields).toEqual({
      friendly_name: 'a',
      chat_service_sid: 'IS' + '0'.repeat(32),
      channel_type: 'sms',
      contact_identity: null,
      enabled: true,
      integration_type: 'task',
      integration: { workspace_sid: 'WS' + '0'.repeat(32), timeout: 30, creation_on_message: false },
      long_lived: null,
      janitor_enabled: false,
    });
  });
});
