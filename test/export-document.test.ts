import { describe, expect, it } from 'vitest';
import type { FlowFields } from '../src/model/flexFlow.js';
import type { LiveResource } from '../src/model/kind.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import { documentFieldOrder } from '../src/model/documentFieldOrder.js';
import { type ExportFields, escapeTemplates, inapplicableFields, liveFields, resourceDocument } from '../src/export/document.js';
import { CHAT_SERVICE, STUDIO_FLOW, WORKFLOW, WORKSPACE } from './helpers/fixtures.js';

describe('documentFieldOrder', () => {
  it('address configurations: kind, address and type, then the table, auto_creation last', () => {
    expect(documentFieldOrder(ADDRESS_CONFIGURATION)).toEqual([
      'kind',
      'address',
      'type',
      'friendly_name',
      'address_country',
      'auto_creation',
    ]);
  });

  it('flows: name, channel, then the table with integration after its type', () => {
    expect(documentFieldOrder(FLEX_FLOW)).toEqual([
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

describe('resourceDocument for flows', () => {
  it.each<{ name: string; fields: FlowFields; expected: Record<string, unknown> }>([
    {
      name: 'fields in reading order whatever order they come in',
      fields: {
        janitor_enabled: true,
        long_lived: true,
        integration: { retry_count: 1, flow_sid: STUDIO_FLOW },
        integration_type: 'studio',
        enabled: true,
        contact_identity: '+15550001111',
        chat_service_sid: CHAT_SERVICE,
        channel_type: 'sms',
        friendly_name: 'A',
      },
      expected: {
        friendly_name: 'A',
        channel_type: 'sms',
        chat_service_sid: CHAT_SERVICE,
        contact_identity: '+15550001111',
        enabled: true,
        integration_type: 'studio',
        integration: { flow_sid: STUDIO_FLOW, retry_count: 1 },
        long_lived: true,
        janitor_enabled: true,
      },
    },
    {
      name: "Twilio's default studio type without a flow_sid is left out with its integration (it would not validate)",
      fields: {
        friendly_name: 'D',
        channel_type: 'web',
        chat_service_sid: CHAT_SERVICE,
        integration_type: 'studio',
        integration: { retry_count: 3 },
      },
      expected: { friendly_name: 'D', channel_type: 'web', chat_service_sid: CHAT_SERVICE },
    },
    {
      name: 'null, absent and empty are left out; false and 0 are kept',
      fields: {
        friendly_name: 'B',
        channel_type: 'web',
        chat_service_sid: CHAT_SERVICE,
        contact_identity: '',
        enabled: false,
        integration_type: 'task',
        integration: {
          workspace_sid: WORKSPACE,
          workflow_sid: WORKFLOW,
          priority: 0,
          timeout: null,
          creation_on_message: false,
        },
        long_lived: null,
      },
      expected: {
        friendly_name: 'B',
        channel_type: 'web',
        chat_service_sid: CHAT_SERVICE,
        enabled: false,
        integration_type: 'task',
        integration: { workspace_sid: WORKSPACE, workflow_sid: WORKFLOW, priority: 0, creation_on_message: false },
      },
    },
    {
      name: 'an integration with no value is left out',
      fields: { friendly_name: 'C', integration: { url: null, retry_count: null } },
      expected: { friendly_name: 'C' },
    },
    {
      name: 'integration fields that do not apply to the type are left out',
      fields: {
        friendly_name: 'D',
        integration_type: 'external',
        integration: { url: 'https://x.test/hook', channel: 'chat', retry_count: 2 },
      },
      expected: { friendly_name: 'D', integration_type: 'external', integration: { url: 'https://x.test/hook', retry_count: 2 } },
    },
  ])('$name', ({ fields, expected }) => {
    const doc = resourceDocument(FLEX_FLOW, fields as unknown as ExportFields);
    expect(doc).toEqual(expected);
    expect(Object.keys(doc)).toEqual(Object.keys(expected));
    if (expected.integration) expect(Object.keys(doc.integration as object)).toEqual(Object.keys(expected.integration));
  });
});

describe('escapeTemplates', () => {
  it.each([
    { name: 'top-level string', fields: { friendly_name: 'cost ${X}' }, expected: { friendly_name: 'cost $${X}' } },
    {
      name: 'inside integration',
      fields: { friendly_name: 'a', integration: { url: 'https://x.test/${a}/${b}' } },
      expected: { friendly_name: 'a', integration: { url: 'https://x.test/$${a}/$${b}' } },
    },
    { name: 'already escaped text stays itself once read back', fields: { friendly_name: '$${X}' }, expected: { friendly_name: '$$${X}' } },
    {
      name: 'inside a list',
      fields: { address: 'a', auto_creation: { webhook_filters: ['${x}'] } },
      expected: { address: 'a', auto_creation: { webhook_filters: ['$${x}'] } },
    },
    {
      name: 'other values untouched',
      fields: { friendly_name: '$X {y}', enabled: false, integration: null },
      expected: { friendly_name: '$X {y}', enabled: false, integration: null },
    },
  ])('$name', ({ fields, expected }) => {
    expect(escapeTemplates(fields)).toEqual(expected);
  });
});

const IG = `IG${'1'.repeat(32)}`;

/** An address configuration as the API returns it: `auto_creation` untyped, the method upper-case since 2025-07-03. */
function liveAddress(fields: Record<string, unknown>): LiveResource {
  return {
    sid: IG,
    account_sid: `AC${'0'.repeat(32)}`,
    type: 'sms',
    address: '+15005550006',
    friendly_name: null,
    auto_creation: null,
    date_created: '2026-01-01T00:00:00Z',
    date_updated: '2026-01-02T00:00:00Z',
    url: `https://conversations.twilio.com/v1/Configuration/Addresses/${IG}`,
    address_country: null,
    ...fields,
  };
}

describe('address configurations, live to document', () => {
  it.each<{ name: string; live: Record<string, unknown>; expected: Record<string, unknown>; dropped?: string[] }>([
    {
      name: 'the least: kind, address and type',
      live: {},
      expected: { kind: 'address-configuration', address: '+15005550006', type: 'sms' },
    },
    {
      name: 'a webhook, its method lower-cased and filters sorted once each; keys Twilio adds to auto_creation are not read',
      live: {
        type: 'WhatsApp',
        address: 'whatsapp:+15005550006',
        friendly_name: 'Sales',
        auto_creation: {
          enabled: 'true',
          type: 'webhook',
          webhook_url: 'https://x.test/in',
          webhook_method: 'POST',
          webhook_filters: ['onParticipantAdded', 'onMessageAdded', 'onMessageAdded'],
          studio_retry_count: null,
          surprise: 1,
        },
      },
      expected: {
        kind: 'address-configuration',
        address: 'whatsapp:+15005550006',
        type: 'whatsapp',
        friendly_name: 'Sales',
        auto_creation: {
          enabled: true,
          type: 'webhook',
          webhook_url: 'https://x.test/in',
          webhook_method: 'post',
          webhook_filters: ['onMessageAdded', 'onParticipantAdded'],
        },
      },
    },
    {
      name: 'studio: the webhook fields Twilio keeps are left out, and noted',
      live: {
        address_country: 'US',
        auto_creation: {
          enabled: true,
          type: 'studio',
          studio_flow_sid: STUDIO_FLOW,
          studio_retry_count: '2',
          webhook_method: 'POST',
          webhook_filters: [],
        },
      },
      expected: {
        kind: 'address-configuration',
        address: '+15005550006',
        type: 'sms',
        address_country: 'US',
        auto_creation: { enabled: true, type: 'studio', studio_flow_sid: STUDIO_FLOW, studio_retry_count: 2 },
      },
      dropped: ['auto_creation.webhook_method'],
    },
    {
      name: 'a studio type without its flow is not a choice: left out with what depends on it',
      live: { auto_creation: { enabled: false, type: 'studio', conversation_service_sid: CHAT_SERVICE, studio_retry_count: 1 } },
      expected: {
        kind: 'address-configuration',
        address: '+15005550006',
        type: 'sms',
        auto_creation: { enabled: false, conversation_service_sid: CHAT_SERVICE },
      },
    },
    {
      name: 'default takes no type-specific field',
      live: { auto_creation: { type: 'default', webhook_url: 'https://x.test/in' } },
      expected: { kind: 'address-configuration', address: '+15005550006', type: 'sms', auto_creation: { type: 'default' } },
      dropped: ['auto_creation.webhook_url'],
    },
  ])('$name', ({ live, expected, dropped }) => {
    const fields = liveFields(ADDRESS_CONFIGURATION, liveAddress(live));
    const doc = resourceDocument(ADDRESS_CONFIGURATION, fields);
    expect(doc).toEqual(expected);
    expect(Object.keys(doc)).toEqual(Object.keys(expected));
    expect(inapplicableFields(ADDRESS_CONFIGURATION, fields)).toEqual(dropped ?? []);
  });
});
