import { describe, expect, it } from 'vitest';
import { toFormParams } from '../src/model/flexFlow.js';
import { formBody, toFormParams as kindFormParams } from '../src/model/form.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';

describe('toFormParams', () => {
  it.each([
    { name: 'only present keys are sent', fields: { friendly_name: 'a' }, expected: { FriendlyName: 'a' } },
    {
      name: 'booleans as true/false and null as empty (clears the field)',
      fields: { friendly_name: 'a', enabled: false, long_lived: true, contact_identity: null },
      expected: { FriendlyName: 'a', Enabled: 'false', LongLived: 'true', ContactIdentity: '' },
    },
    {
      name: 'integration fields use dotted names',
      fields: { friendly_name: 'a', integration: { flow_sid: 'FW' + '0'.repeat(32), retry_count: 2 } },
      expected: { FriendlyName: 'a', 'Integration.FlowSid': 'FW' + '0'.repeat(32), 'Integration.RetryCount': '2' },
    },
  ])('$name', ({ fields, expected }) => {
    expect(toFormParams(fields)).toEqual(expected);
  });
});

describe('toFormParams of a kind, and formBody', () => {
  it.each([
    {
      name: 'a flow, as the Flex Flow call site encodes it',
      kind: FLEX_FLOW,
      fields: { friendly_name: 'a', enabled: false, integration: { url: 'https://x.example/h' } },
      expected: 'FriendlyName=a&Enabled=false&Integration.Url=https%3A%2F%2Fx.example%2Fh',
    },
    {
      name: 'an address configuration: top-level fields, then the AutoCreation group',
      kind: ADDRESS_CONFIGURATION,
      fields: {
        address: 'whatsapp:+15005550006',
        type: 'whatsapp',
        friendly_name: null,
        auto_creation: { enabled: true, type: 'webhook', webhook_method: 'post' },
      },
      expected:
        'Address=whatsapp%3A%2B15005550006&Type=whatsapp&FriendlyName=&AutoCreation.Enabled=true&AutoCreation.Type=webhook&AutoCreation.WebhookMethod=post',
    },
    {
      name: 'a string-set is a repeated parameter',
      kind: ADDRESS_CONFIGURATION,
      fields: { auto_creation: { webhook_filters: ['onMessageAdded', 'onParticipantAdded'] } },
      expected: 'AutoCreation.WebhookFilters=onMessageAdded&AutoCreation.WebhookFilters=onParticipantAdded',
    },
    {
      name: 'an empty set clears, like null',
      kind: ADDRESS_CONFIGURATION,
      fields: { auto_creation: { webhook_filters: [] } },
      expected: 'AutoCreation.WebhookFilters=',
    },
    {
      name: 'a group sent as null sends none of its fields',
      kind: ADDRESS_CONFIGURATION,
      fields: { friendly_name: 'n', auto_creation: null },
      expected: 'FriendlyName=n',
    },
  ])('$name', ({ kind, fields, expected }) => {
    expect(formBody(kindFormParams(kind, fields))).toBe(expected);
  });
});
