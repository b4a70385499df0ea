import { describe, expect, it } from 'vitest';
import { planApiCalls } from '../src/apply/calls.js';
import { formatApiCalls } from '../src/render/apply.js';
import type { Plan } from '../src/plan/types.js';
import { addressFields, addressSid, CONVERSATIONS_SERVICE, declaredAddress, flowPlan, liveAddress } from './helpers/fixtures.js';
import { diff } from '../src/plan/diff.js';
import { DEFAULT_SETTINGS } from '../src/settings/types.js';

const sid = (n: number) => `FO${String(n).padStart(32, '0')}`;
const snapshot = (n: number, name: string) => ({ sid: sid(n), date_updated: '2026-01-01T00:00:00Z', fields: { friendly_name: name } });

const plan: Plan = flowPlan([
  { action: 'delete', kind: 'flex-flow', key: 'a-old', before: snapshot(1, 'a-old') },
  {
    action: 'create',
    kind: 'flex-flow',
    key: 'b-new',
    after: {
      friendly_name: 'b-new',
      channel_type: 'web',
      integration_type: 'external',
      integration: { url: 'https://user:s3cret@hooks.example.com/x' },
    },
  },
  { action: 'noop', kind: 'flex-flow', key: 'c-same', before: snapshot(3, 'c-same') },
  {
    action: 'update',
    kind: 'flex-flow',
    key: 'd-upd',
    before: snapshot(4, 'd-upd'),
    after: { friendly_name: 'd-upd', enabled: null },
    changes: [{ path: 'enabled', before: true, after: null }],
    send: { enabled: null },
  },
]);

describe('planApiCalls', () => {
  it('lists creates and updates, then deletes, with credentials redacted', () => {
    expect(planApiCalls(plan)).toEqual([
      {
        action: 'create',
        kind: 'flex-flow',
        key: 'b-new',
        method: 'POST',
        path: '/v1/FlexFlows',
        form: {
          FriendlyName: 'b-new',
          ChannelType: 'web',
          IntegrationType: 'external',
          'Integration.Url': 'https://***@hooks.example.com/x',
        },
      },
      { action: 'update', kind: 'flex-flow', key: 'd-upd', method: 'POST', path: `/v1/FlexFlows/${sid(4)}`, form: { Enabled: '' } },
      { action: 'delete', kind: 'flex-flow', key: 'a-old', method: 'DELETE', path: `/v1/FlexFlows/${sid(1)}` },
    ]);
  });

  it.each([
    { name: 'no calls', calls: [], expected: 'Dry run: no API calls to make.\n' },
    {
      name: 'calls with form fields',
      calls: planApiCalls(plan).slice(1),
      expected: [
        'Dry run: 2 API calls would be made, none was:',
        `POST /v1/FlexFlows/${sid(4)}  # update "d-upd"`,
        '  Enabled=""',
        `DELETE /v1/FlexFlows/${sid(1)}  # delete "a-old"`,
        '',
      ].join('\n'),
    },
  ])('formatApiCalls: $name', ({ calls, expected }) => {
    expect(formatApiCalls(calls)).toBe(expected);
  });

  it('deletes, then creates a replaced address configuration, a set of filters as the parameter repeated', () => {
    const replaced = diff(
      [
        declaredAddress(
          addressFields('+1', {
            type: 'whatsapp',
            auto_creation: { ...(addressFields('+1').auto_creation as object), webhook_url: 'https://bot:s3cret@hooks.example.com/in' },
          }),
        ),
      ],
      { 'address-configuration': [liveAddress(1, '+1')] },
      DEFAULT_SETTINGS,
    );
    const text = formatApiCalls(planApiCalls(replaced));
    expect(text).toBe(
      [
        'Dry run: 2 API calls would be made, none was:',
        `DELETE /v1/Configuration/Addresses/${addressSid(1)}  # replace address configuration "+1"`,
        'POST /v1/Configuration/Addresses  # replace address configuration "+1"',
        '  Address="+1"',
        '  Type="whatsapp"',
        '  AutoCreation.Enabled="true"',
        '  AutoCreation.Type="webhook"',
        `  AutoCreation.ConversationServiceSid="${CONVERSATIONS_SERVICE}"`,
        '  AutoCreation.WebhookUrl="https://***@hooks.example.com/in"',
        '  AutoCreation.WebhookMethod="post"',
        '  AutoCreation.WebhookFilters="onMessageAdded"',
        '  AutoCreation.WebhookFilters="onParticipantAdded"',
        '',
      ].join('\n'),
    );
  });
});
