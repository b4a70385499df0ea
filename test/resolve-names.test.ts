import { describe, expect, it } from 'vitest';
import { resolveConnection } from '../src/api/connection.js';
import { closeCandidates } from '../src/resolve/candidates.js';
import { productBaseUrl } from '../src/resolve/hosts.js';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const sid = (n: number) => `FW${n.toString(16).padStart(32, '0')}`;

describe('productBaseUrl', () => {
  it.each([
    { name: "Twilio's default host", env: {}, expected: 'https://studio.twilio.com' },
    { name: 'a region', env: { TWILIO_REGION: 'ie1' }, expected: 'https://studio.ie1.twilio.com' },
    { name: 'an edge (region us1 implied)', env: { TWILIO_EDGE: 'sydney' }, expected: 'https://studio.sydney.us1.twilio.com' },
    {
      name: 'an edge and a region',
      env: { TWILIO_EDGE: 'Dublin', TWILIO_REGION: 'IE1' },
      expected: 'https://studio.dublin.ie1.twilio.com',
    },
    { name: '--api-url (the emulator)', env: { FLEXFLOW_API_URL: 'http://127.0.0.1:4010' }, expected: 'http://127.0.0.1:4010' },
    {
      name: 'a proxy with a path',
      env: { FLEXFLOW_API_URL: 'https://proxy.example.com/twilio' },
      expected: 'https://proxy.example.com/twilio',
    },
    {
      name: 'a look-alike host',
      env: { FLEXFLOW_API_URL: 'https://flex-api.twilio.com.example.com' },
      expected: 'https://flex-api.twilio.com.example.com',
    },
  ])('follows the Flex API base URL: $name', ({ env, expected }) => {
    const connection = resolveConnection({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 'token', ...env });
    expect(productBaseUrl(connection.baseUrl, 'studio')).toBe(expected);
  });

  it('puts each product first', () => {
    expect(
      ['studio', 'chat', 'conversations', 'taskrouter'].map((product) =>
        productBaseUrl('https://flex-api.ie1.twilio.com', product as 'studio'),
      ),
    ).toEqual([
      'https://studio.ie1.twilio.com',
      'https://chat.ie1.twilio.com',
      'https://conversations.ie1.twilio.com',
      'https://taskrouter.ie1.twilio.com',
    ]);
  });
});

describe('closeCandidates', () => {
  const items = (...names: (string | null)[]) => names.map((name, i) => ({ sid: sid(i), friendly_name: name }));
  it.each([
    {
      name: 'another case comes first',
      input: ['Inbound SMS', items('Outbound', 'inbound sms v2', 'inbound sms')],
      expected: ['inbound sms', 'inbound sms v2'],
    },
    { name: 'a few edits apart', input: ['Sales', items('Sale', 'Saless', 'Support')], expected: ['Sale', 'Saless'] },
    {
      name: 'containment, both ways',
      input: ['Flex Chat', items('Flex Chat Service', 'Chat', 'Voice')],
      expected: ['Chat', 'Flex Chat Service'],
    },
    { name: 'nothing close', input: ['Inbound', items('Zebra', null, '')], expected: [] },
    { name: 'ties by name, then SID', input: ['ab', items('ax', 'aa', 'ax')], expected: ['aa', 'ax', 'ax'] },
  ] as const)('$name', ({ input: [name, listed], expected }) => {
    expect(closeCandidates(name, listed).shown.map((item) => item.friendly_name)).toEqual(expected);
  });

  it('shows five and counts the rest', () => {
    const result = closeCandidates('Flow', items(...Array.from({ length: 9 }, (_, i) => `Flow ${i}`)));
    expect(result.shown).toHaveLength(5);
    expect(result.more).toBe(4);
  });
});
