import { describe, expect, it } from 'vitest';
import type { FlowFields } from '../src/model/flexFlow.js';
import { DOCUMENT_FIELD_ORDER, escapeTemplates, flowDocument } from '../src/export/document.js';

const IS = 'IS' + 'a'.repeat(32);
const FW = 'FW' + 'b'.repeat(32);

describe('DOCUMENT_FIELD_ORDER', () => {
  it('reads name, channel, then the table with integration after its type', () => {
    expect(DOCUMENT_FIELD_ORDER).toEqual([
      'friendly_name',
      'channel_type',
      'chat_service_sid',
      'contact_identity',
      'enabled',
      'integration_type',
      'integration',
      'long_lived',
      'janitor_enabled',
    ]);
  });
});

describe('flowDocument', () => {
  it.each<{ name: string; fields: FlowFields; expected: Record<string, unknown> }>([
    {
      name: 'fields in reading order whatever order they come in',
      fields: {
        janitor_enabled: true,
        long_lived: true,
        integration: { retry_count: 1, flow_sid: FW },
        integration_type: 'studio',
        enabled: true,
        contact_identity: '+15550001111',
        chat_service_sid: IS,
        channel_type: 'sms',
        friendly_name: 'A',
      },
      expected: {
        friendly_name: 'A',
        channel_type: 'sms',
        chat_service_sid: IS,
        contact_identity: '+15550001111',
        enabled: true,
        integration_type: 'studio',
        integration: { flow_sid: FW, retry_count: 1 },
        long_lived: true,
        janitor_enabled: true,
      },
    },
    {
      name: "Twilio's default studio type without a flow_sid is left out with its integration (it would not validate)",
      fields: { friendly_name: 'D', channel_type: 'web', chat_service_sid: IS, integration_type: 'studio', integration: { retry_count: 3 } },
      expected: { friendly_name: 'D', channel_type: 'web', chat_service_sid: IS },
    },
    {
      name: 'null, absent and empty are left out; false and 0 are kept',
      fields: {
        friendly_name: 'B',
        channel_type: 'web',
        chat_service_sid: IS,
        contact_identity: '',
        enabled: false,
        integration_type: 'task',
        integration: { workspace_sid: 'WS' + 'c'.repeat(32), workflow_sid: 'WW' + 'd'.repeat(32), priority: 0, timeout: null, creation_on_message: false },
        long_lived: null,
      },
      expected: {
        friendly_name: 'B',
        channel_type: 'web',
        chat_service_sid: IS,
        enabled: false,
        integration_type: 'task',
        integration: { workspace_sid: 'WS' + 'c'.repeat(32), workflow_sid: 'WW' + 'd'.repeat(32), priority: 0, creation_on_message: false },
      },
    },
    {
      name: 'an integration with no value is left out',
      fields: { friendly_name: 'C', integration: { url: null, retry_count: null } },
      expected: { friendly_name: 'C' },
    },
    {
      name: 'integration fields that do not apply to the type are left out',
      fields: { friendly_name: 'D', integration_type: 'external', integration: { url: 'https://x.test/hook', channel: 'chat', retry_count: 2 } },
      expected: { friendly_name: 'D', integration_type: 'external', integration: { url: 'https://x.test/hook', retry_count: 2 } },
    },
  ])('$name', ({ fields, expected }) => {
    const doc = flowDocument(fields);
    expect(doc).toEqual(expected);
    expect(Object.keys(doc)).toEqual(Object.keys(expected));
    if (expected.integration) expect(Object.keys(doc.integration as object)).toEqual(Object.keys(expected.integration as object));
  });
});

describe('escapeTemplates', () => {
  it.each([
    { name: 'top-level string', fields: { friendly_name: 'cost ${X}' }, expected: { friendly_name: 'cost $${X}' } },
    { name: 'inside integration', fields: { friendly_name: 'a', integration: { url: 'https://x.test/${a}/${b}' } }, expected: { friendly_name: 'a', integration: { url: 'https://x.test/$${a}/$${b}' } } },
    { name: 'already escaped text stays itself once read back', fields: { friendly_name: '$${X}' }, expected: { friendly_name: '$$${X}' } },
    { name: 'other values untouched', fields: { friendly_name: '$X {y}', enabled: false, integration: null }, expected: { friendly_name: '$X {y}', enabled: false, integration: null } },
  ])('$name', ({ fields, expected }) => {
    expect(escapeTemplates(fields as FlowFields)).toEqual(expected);
  });
});
