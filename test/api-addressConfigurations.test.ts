import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PageWalk } from '../src/api/pageWalk.js';
import type { ResourceClient } from '../src/api/client.js';
import { ApiResponseError } from '../src/api/responseShapes.js';
import { FlexFlowSyncError } from '../src/errors.js';
import type { LiveResource } from '../src/model/kind.js';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { withEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE } from './helpers/fixtures.js';

const PATH = '/v1/Configuration/Addresses';
const igSid = (n: number): string => `IG${n.toString(16).padStart(32, '0')}`;

/** A configuration as Twilio answers it (the spec's example), with `overrides`. */
function liveConfiguration(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    account_sid: `AC${'0'.repeat(32)}`,
    sid: igSid(n),
    address: `+1500555${String(n).padStart(4, '0')}`,
    type: 'sms',
    friendly_name: null,
    address_country: null,
    auto_creation: { enabled: true, type: 'default' },
    date_created: '2026-01-01T00:00:00Z',
    date_updated: '2026-01-01T00:00:00Z',
    url: `https://conversations.twilio.com${PATH}/${igSid(n)}`,
    ...overrides,
  };
}

describe('the address configuration client against the emulator', () => {
  it('lists every page at PageSize=50, following next_page_url, and filters by Type', async () => {
    const emulator = await withEmulator();
    emulator.preloadResources(
      ADDRESS_CONFIGURATION,
      Array.from({ length: 101 }, (_, i) => ({ address: `+1500555${String(i).padStart(4, '0')}`, type: i < 100 ? 'sms' : 'whatsapp' })),
    );
    const requests: number[] = [];
    const client = resourceClientFor(ADDRESS_CONFIGURATION, emulator, { onPage: (event) => requests.push(event.flows) });
    const listed = await client.list();
    expect({ distinct: new Set(listed.map((c) => c.sid)).size, pages: requests, gets: emulator.stats().by_method }).toEqual({
      distinct: 101,
      pages: [50, 100, 101],
      gets: { GET: 3 },
    });
    const whatsapp = await client.list({ filter: { Type: 'WhatsApp' } });
    expect(whatsapp.map((c) => c.address)).toEqual(['+15005550100']);
  });

  it('creates with repeated WebhookFilters, fetches by address, updates and removes by SID', async () => {
    const emulator = await withEmulator();
    const client = resourceClientFor(ADDRESS_CONFIGURATION, emulator);
    const created = await client.create({
      address: 'whatsapp:+15005550006',
      type: 'WhatsApp',
      friendly_name: 'Sales',
      auto_creation: {
        enabled: true,
        type: 'webhook',
        conversation_service_sid: CHAT_SERVICE,
        webhook_url: 'https://example.com/hook',
        webhook_method: 'post',
        webhook_filters: ['onMessageAdded', 'onParticipantAdded'],
      },
    });
    expect(created).toMatchObject({
      sid: expect.stringMatching(/^IG/) as unknown,
      type: 'whatsapp',
      auto_creation: { webhook_method: 'POST', webhook_filters: ['onMessageAdded', 'onParticipantAdded'] },
    });
    const fetched = await client.fetch('whatsapp:+15005550006');
    expect(fetched.sid).toBe(created.sid);
    const updated = await client.update(created.sid, { auto_creation: { webhook_filters: ['onDeliveryUpdated'], webhook_method: 'get' } });
    expect(updated.auto_creation).toMatchObject({ webhook_method: 'GET', webhook_filters: ['onDeliveryUpdated'] });
    const cleared = await client.update('whatsapp:+15005550006', { friendly_name: null, auto_creation: { webhook_filters: [] } });
    expect([cleared.friendly_name, (cleared.auto_creation as Record<string, unknown>).webhook_filters]).toEqual([null, undefined]);
    await client.remove(created.sid);
    expect(await client.list()).toEqual([]);
  });

  it('talks to the conversations base URL of the connection, not the Flex API one', async () => {
    const emulator = await withEmulator();
    const client = resourceClientFor(ADDRESS_CONFIGURATION, emulator, {
      connection: {
        baseUrl: 'http://127.0.0.1:9',
        baseUrls: { 'flex-api': 'http://127.0.0.1:9', conversations: emulator.url },
        username: emulator.accountSid,
        password: emulator.authToken,
        accountSid: emulator.accountSid,
      },
    });
    expect(await client.list()).toEqual([]);
  });
});

describe('the address configuration client against a hostile server', () => {
  const servers: { close(): void }[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  async function serve(answer: (url: URL, response: ServerResponse) => void): Promise<string> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => answer(new URL(request.url ?? '/', 'http://x'), response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const json = (response: ServerResponse, body: unknown): void => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const page = (items: unknown[]) => ({ address_configurations: items, meta: { key: 'address_configurations', next_page_url: null } });

  async function list(body: unknown): Promise<unknown> {
    const url = await serve((_url, response) => json(response, body));
    return resourceClientFor(ADDRESS_CONFIGURATION, { url, accountSid: `AC${'0'.repeat(32)}`, authToken: 't' })
      .list()
      .catch((error: unknown) => error);
  }

  it.each([
    {
      name: 'a Flex Flow SID in the list',
      body: page([liveConfiguration(1, { sid: `FO${'1'.repeat(32)}` })]),
      problem: 'address_configurations/0/sid must match pattern "^IG[0-9a-fA-F]{32}$"',
    },
    {
      name: 'an auto_creation that is not an object',
      body: page([liveConfiguration(1, { auto_creation: 'webhook' })]),
      problem: 'address_configurations/0/auto_creation must be object,null',
    },
    {
      name: 'webhook_filters that are not a list',
      body: page([liveConfiguration(1, { auto_creation: { webhook_filters: 'onMessageAdded' } })]),
      problem: 'address_configurations/0/auto_creation/webhook_filters must be array,null',
    },
    {
      name: 'a configuration without an address',
      body: page([liveConfiguration(1, { address: undefined })]),
      problem: "address_configurations/0 must have required property 'address'",
    },
    {
      name: 'a Flex Flows page',
      body: { flex_flows: [], meta: { next_page_url: null } },
      problem: "the body must have required property 'address_configurations'",
    },
  ])('refuses $name', async ({ body, problem }) => {
    const error = await list(body);
    expect(error).toBeInstanceOf(ApiResponseError);
    expect((error as Error).message).toBe(
      `GET ${PATH}?PageSize=50: the answer is not a page of address configurations (${problem}); is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer`,
    );
  });

  it('ignores unknown keys, and reads only the auto_creation keys of its table, in any case of webhook_method', async () => {
    const listed = await list(
      page([
        liveConfiguration(1, {
          brand_new_field: { nested: true },
          auto_creation: {
            enabled: true,
            type: 'webhook',
            webhook_url: 'https://example.com/h',
            webhook_method: 'Post',
            secret_header: 'x-token',
            webhook_filters: ['onMessageAdded'],
          },
        }),
      ]),
    );
    expect(listed).toEqual([
      liveConfiguration(1, {
        brand_new_field: { nested: true },
        auto_creation: {
          enabled: true,
          type: 'webhook',
          webhook_url: 'https://example.com/h',
          webhook_method: 'Post',
          webhook_filters: ['onMessageAdded'],
        },
      }),
    ]);
  });

  it('stops a walk that pages past what any account holds (Twilio documents no limit: 1,000 pages of 50)', () => {
    // The walk itself, without 1,000 HTTP round trips: one new configuration a page, the cap is on pages.
    const walk = new PageWalk(ADDRESS_CONFIGURATION, 'https://conversations.twilio.com', 50);
    const next = (n: number): string => `https://conversations.twilio.com${PATH}?PageSize=50&n=${n}`;
    let error: unknown;
    let pages = 0;
    try {
      for (let n = 0; n < 2000; n++, pages++)
        walk.page(`${PATH}?PageSize=50&n=${n}`, [liveConfiguration(n + 1) as unknown as LiveResource], next(n + 1));
    } catch (caught) {
      error = caught;
    }
    expect([pages, (error as Error).message]).toEqual([
      999,
      `GET ${PATH}?PageSize=50&n=999: the list goes on past 1000 pages of 50, more than the 50000 address configurations flexflow-sync reads (Twilio documents no limit); is the base URL a Twilio API (--api-url, FLEXFLOW_API_URL)? Nothing was read from this answer`,
    ]);
  });

  it('takes a create of an email address answered in lower case: Twilio documents no case rule for emails', async () => {
    const url = await serve((_url, response) => json(response, liveConfiguration(1, { type: 'email', address: 'support@example.com' })));
    const created = await resourceClientFor(ADDRESS_CONFIGURATION, { url, accountSid: `AC${'0'.repeat(32)}`, authToken: 't' }).create({
      address: 'Support@Example.com',
      type: 'email',
    });
    expect(created.address).toBe('support@example.com');
  });

  it('redacts URL credentials a server echoes in an error message, plain or percent-encoded', async () => {
    const echoed =
      "Invalid value 'https://user:TOPSECRET@hooks.example.com/x' for parameter AutoCreation.WebhookUrl; body AutoCreation.WebhookUrl=https%3A%2F%2Fuser%3ATOPSECRET%40hooks.example.com";
    const url = await serve((_url, response) =>
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 20001, message: echoed, status: 400 })),
    );
    const error = await resourceClientFor(ADDRESS_CONFIGURATION, { url, accountSid: `AC${'0'.repeat(32)}`, authToken: 't' })
      .update('+15005550001', { auto_creation: { type: 'webhook', webhook_url: 'https://user:TOPSECRET@hooks.example.com/x' } })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `POST ${PATH}/%2B15005550001 failed: HTTP 400 (Twilio error 20001): Invalid value 'https://***@hooks.example.com/x' for parameter AutoCreation.WebhookUrl; body AutoCreation.WebhookUrl=https:***@hooks.example.com`,
    );
  });

  it('refuses a fetch by address answered with another address', async () => {
    const url = await serve((_url, response) => json(response, liveConfiguration(1, { address: '+19999999999' })));
    const error = await resourceClientFor(ADDRESS_CONFIGURATION, { url, accountSid: `AC${'0'.repeat(32)}`, authToken: 't' })
      .fetch('+15005550001')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlexFlowSyncError);
    expect((error as Error).message).toBe(
      `GET ${PATH}/%2B15005550001: the answer describes an address configuration whose address is "+19999999999", not "+15005550001"; nothing is taken from it`,
    );
  });

  it.each([
    { name: 'fetch ".."', call: (client: ResourceClient) => client.fetch('..'), key: '..' },
    { name: 'update "."', call: (client: ResourceClient) => client.update('.', { friendly_name: 'x' }), key: '.' },
    { name: 'remove ""', call: (client: ResourceClient) => client.remove(''), key: '' },
  ])('refuses to $name: a dot segment or an empty one would reach another resource', async ({ call, key }) => {
    const reached: string[] = [];
    const url = await serve((requested, response) => {
      reached.push(requested.pathname);
      json(response, liveConfiguration(1));
    });
    const error = await call(resourceClientFor(ADDRESS_CONFIGURATION, { url, accountSid: `AC${'0'.repeat(32)}`, authToken: 't' })).catch(
      (e: unknown) => e,
    );
    expect([(error as Error).message, reached]).toEqual([
      `${JSON.stringify(key)} cannot name an address configuration in a URL path: the request would reach another resource; use its SID`,
      [],
    ]);
  });
});
