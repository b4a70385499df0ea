import { describe, expect, it } from 'vitest';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { emulatorRequest, useEmulator, withEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE, STUDIO_FLOW, twilioError } from './helpers/fixtures.js';

const PATH = '/v1/Configuration/Addresses';
const ERR = (message: string) => twilioError(400, 20001, message);

let clock = new Date('2026-03-24T21:05:50.500Z');

/** A form with repeated parameters, as Twilio's helper libraries send a list. */
const form = (...pairs: [string, string][]): URLSearchParams => new URLSearchParams(pairs);

describe('emulator: Conversations address configurations', () => {
  const emulator = useEmulator({ now: () => clock, seed: 7 });

  it('answers a create in the shape and key order of conversations.v1.configuration_address', async () => {
    clock = new Date('2026-03-24T21:05:50.500Z');
    const created = await emulatorRequest(emulator(), 'POST', PATH, {
      form: form(
        ['Type', 'WhatsApp'],
        ['Address', 'whatsapp:+15005550006'],
        ['FriendlyName', 'Sales'],
        ['AutoCreation.Enabled', 'true'],
        ['AutoCreation.Type', 'webhook'],
        ['AutoCreation.ConversationServiceSid', CHAT_SERVICE],
        ['AutoCreation.WebhookUrl', 'https://example.com/hook'],
        ['AutoCreation.WebhookMethod', 'post'],
        ['AutoCreation.WebhookFilters', 'onParticipantAdded'],
        ['AutoCreation.WebhookFilters', 'onMessageAdded'],
      ),
    });
    expect(created.status).toBe(201);
    const sid = (created.body as { sid: string }).sid;
    expect(sid).toMatch(/^IG[0-9a-f]{32}$/);
    expect(Object.keys(created.body as object)).toEqual([
      'account_sid',
      'sid',
      'address',
      'type',
      'friendly_name',
      'address_country',
      'auto_creation',
      'date_created',
      'date_updated',
      'url',
    ]);
    expect(created.body).toEqual({
      account_sid: emulator().accountSid,
      sid,
      address: 'whatsapp:+15005550006',
      type: 'whatsapp',
      friendly_name: 'Sales',
      address_country: null,
      auto_creation: {
        enabled: true,
        type: 'webhook',
        conversation_service_sid: CHAT_SERVICE,
        webhook_url: 'https://example.com/hook',
        webhook_method: 'POST',
        webhook_filters: ['onParticipantAdded', 'onMessageAdded'],
      },
      date_created: '2026-03-24T21:05:50Z',
      date_updated: '2026-03-24T21:05:50Z',
      url: `${emulator().url}${PATH}/${sid}`,
    });
  });

  it('fetches, updates and deletes by SID or by the URL-encoded address', async () => {
    clock = new Date('2026-03-24T21:05:50Z');
    const address = 'whatsapp:+15005550006';
    const { sid } = (await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'whatsapp'], ['Address', address]) })).body as {
      sid: string;
    };
    const byAddress = `${PATH}/${encodeURIComponent(address)}`;
    expect((await emulatorRequest(emulator(), 'GET', byAddress)).body).toMatchObject({ sid, auto_creation: null });
    expect((await emulatorRequest(emulator(), 'GET', `${PATH}/${address}`)).body).toMatchObject({ sid });
    clock = new Date('2026-03-25T08:00:00Z');
    const updated = await emulatorRequest(emulator(), 'POST', byAddress, {
      form: form(['FriendlyName', 'Renamed'], ['AutoCreation.Type', 'studio'], ['AutoCreation.StudioFlowSid', STUDIO_FLOW]),
    });
    expect(updated).toMatchObject({
      status: 200,
      body: {
        sid,
        friendly_name: 'Renamed',
        auto_creation: { type: 'studio', studio_flow_sid: STUDIO_FLOW },
        date_created: '2026-03-24T21:05:50Z',
        date_updated: '2026-03-25T08:00:00Z',
      },
    });
    expect((await emulatorRequest(emulator(), 'GET', `${PATH}/${sid}`)).body).toMatchObject({ friendly_name: 'Renamed' });
    expect((await emulatorRequest(emulator(), 'DELETE', byAddress)).status).toBe(204);
    expect((await emulatorRequest(emulator(), 'GET', `${PATH}/${sid}`)).status).toBe(404);
    expect((await emulatorRequest(emulator(), 'GET', byAddress)).status).toBe(404);
  });

  it.each([
    { name: 'Type missing', form: form(['Address', '+1']), message: 'Missing required parameter Type in the post body' },
    { name: 'Address missing', form: form(['Type', 'sms']), message: 'Missing required parameter Address in the post body' },
    {
      name: 'Type outside the enum',
      form: form(['Type', 'fax'], ['Address', '+1']),
      message: "Invalid value 'fax' for parameter Type: must be one of sms, whatsapp, messenger, gbm, email, rcs, apple, chat",
    },
    {
      name: 'a conversation service SID with the wrong prefix',
      form: form(['Type', 'sms'], ['Address', '+1'], ['AutoCreation.ConversationServiceSid', STUDIO_FLOW]),
      message: `Invalid value '${STUDIO_FLOW}' for parameter AutoCreation.ConversationServiceSid: must be a SID matching ^IS[0-9a-fA-F]{32}$`,
    },
    {
      name: 'one filter outside the enum',
      form: form(
        ['Type', 'sms'],
        ['Address', '+1'],
        ['AutoCreation.WebhookFilters', 'onMessageAdded'],
        ['AutoCreation.WebhookFilters', 'onEverything'],
      ),
      message:
        "Invalid value 'onEverything' for parameter AutoCreation.WebhookFilters: must be one of " +
        ADDRESS_CONFIGURATION.group.fields.find((f) => f.name === 'webhook_filters')?.enum?.join(', '),
    },
    {
      name: 'a method outside get/post',
      form: form(['Type', 'sms'], ['Address', '+1'], ['AutoCreation.WebhookMethod', 'PUT']),
      message: "Invalid value 'PUT' for parameter AutoCreation.WebhookMethod: must be one of get, post",
    },
    {
      name: 'studio without a flow',
      form: form(['Type', 'sms'], ['Address', '+1'], ['AutoCreation.Type', 'studio']),
      message: 'Missing required parameter AutoCreation.StudioFlowSid when AutoCreation.Type is studio',
    },
    {
      name: 'webhook without a URL',
      form: form(['Type', 'sms'], ['Address', '+1'], ['AutoCreation.Type', 'webhook']),
      message: 'Missing required parameter AutoCreation.WebhookUrl when AutoCreation.Type is webhook',
    },
    {
      name: 'a webhook URL that is not http, its credentials not echoed',
      form: form(['Type', 'sms'], ['Address', '+1'], ['AutoCreation.WebhookUrl', 'ftp://u:SECRET@h.example.com/x']),
      message: "Invalid value 'ftp://***@h.example.com/x' for parameter AutoCreation.WebhookUrl: must be an absolute http or https URL",
    },
    {
      name: 'a FriendlyName over 256 characters (the contract: "limited to 256 characters")',
      form: form(['Type', 'sms'], ['Address', '+1'], ['FriendlyName', 'a'.repeat(257)]),
      message: `Invalid value '${'a'.repeat(257)}' for parameter FriendlyName: must be at most 256 characters`,
    },
    ...['  +15005550006  ', 'a\u0007b'].map((address) => ({
      name: `the address ${JSON.stringify(address)}`,
      form: form(['Type', 'sms'], ['Address', address]),
      message: `Invalid value '${address}' for parameter Address: must not start or end with whitespace or hold control characters`,
    })),
    {
      name: 'a country that is not ISO 3166-1 alpha-2',
      form: form(['Type', 'sms'], ['Address', '+1'], ['AddressCountry', 'USA']),
      message: "Invalid value 'USA' for parameter AddressCountry: must match ^[A-Z]{2}$",
    },
  ])('refuses a create: $name', async ({ form: body, message }) => {
    expect(await emulatorRequest(emulator(), 'POST', PATH, { form: body })).toMatchObject({ status: 400, body: ERR(message) });
    expect(emulator().stats().resources['address-configuration']).toBe(0);
  });

  it('refuses a second configuration for an address, and leaves the first', async () => {
    const first = (await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) })).body as {
      sid: string;
    };
    const second = await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'whatsapp'], ['Address', '+15005550006']) });
    expect(second).toMatchObject({ status: 400, body: ERR(`Address "+15005550006" already has a configuration: ${first.sid}`) });
    expect(emulator().stats().resources['address-configuration']).toBe(1);
  });

  it('refuses an address that a Flex Flow still holds as its contact identity, and takes it once the flow is deleted', async () => {
    const flow = (
      await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', {
        form: form(
          ['FriendlyName', 'SMS (legacy)'],
          ['ChatServiceSid', CHAT_SERVICE],
          ['ChannelType', 'sms'],
          ['ContactIdentity', '+15005550006'],
          ['IntegrationType', 'studio'],
          ['Integration.FlowSid', STUDIO_FLOW],
        ),
      })
    ).body as { sid: string };
    const refused = await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) });
    expect(refused).toMatchObject({
      status: 400,
      body: ERR(
        `The flow ${flow.sid} ("SMS (legacy)") still holds "+15005550006" as its contact_identity; delete it first, as Twilio's migration guide says`,
      ),
    });
    expect(emulator().stats().resources['address-configuration']).toBe(0);
    expect((await emulatorRequest(emulator(), 'DELETE', `/v1/FlexFlows/${flow.sid}`)).status).toBe(204);
    expect((await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) })).status).toBe(
      201,
    );
  });

  it('refuses a Flex Flow for an address that has a configuration (the reverse order), and takes it once the configuration is deleted', async () => {
    const { sid } = (await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) }))
      .body as { sid: string };
    const flowForm = (identity: string) =>
      form(
        ['FriendlyName', 'Back'],
        ['ChatServiceSid', CHAT_SERVICE],
        ['ChannelType', 'sms'],
        ['ContactIdentity', identity],
        ['IntegrationType', 'studio'],
        ['Integration.FlowSid', STUDIO_FLOW],
      );
    const refused = await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: flowForm('+15005550006') });
    expect(refused).toMatchObject({
      status: 400,
      body: ERR(
        `The address configuration ${sid} still holds "+15005550006" as its address; delete it first, as Twilio's migration guide (in reverse) says`,
      ),
    });
    const other = (await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: flowForm('+15005550007') })).body as { sid: string };
    const moved = await emulatorRequest(emulator(), 'POST', `/v1/FlexFlows/${other.sid}`, {
      form: form(['ContactIdentity', '+15005550006']),
    });
    expect(moved.status).toBe(400);
    expect(emulator().stats().resources['flex-flow']).toBe(1);
    expect((await emulatorRequest(emulator(), 'DELETE', `${PATH}/${sid}`)).status).toBe(204);
    expect((await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: flowForm('+15005550006') })).status).toBeLessThan(300);
  });

  it.each([
    { param: 'Type', value: 'whatsapp' },
    { param: 'Address', value: '+15005550007' },
    { param: 'AddressCountry', value: 'US' },
  ])('refuses an update that sends $param (fixed at create)', async ({ param, value }) => {
    const { sid } = (await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) }))
      .body as { sid: string };
    const response = await emulatorRequest(emulator(), 'POST', `${PATH}/${sid}`, { form: form([param, value]) });
    expect(response).toMatchObject({
      status: 400,
      body: ERR(`Parameter ${param} cannot be updated: it is fixed when the resource is created`),
    });
  });

  it("answers the contract's update example (webhook → studio) without the webhook fields, as the contract's answer shows", async () => {
    // twilio_conversations_v1.json: the `create` example of POST /v1/Configuration/Addresses, then the `update` example of .../{Sid}.
    await emulatorRequest(emulator(), 'POST', PATH, {
      form: form(
        ['Address', '+37256123457'],
        ['Type', 'sms'],
        ['FriendlyName', 'My Test Configuration'],
        ['AutoCreation.Enabled', 'true'],
        ['AutoCreation.Type', 'webhook'],
        ['AutoCreation.ConversationServiceSid', CHAT_SERVICE],
        ['AutoCreation.WebhookUrl', 'https://example.com'],
        ['AutoCreation.WebhookMethod', 'post'],
        ['AutoCreation.WebhookFilters', 'onParticipantAdded'],
        ['AutoCreation.WebhookFilters', 'onMessageAdded'],
        ['AddressCountry', 'CA'],
      ),
    });
    const updated = await emulatorRequest(emulator(), 'POST', `${PATH}/%2B37256123457`, {
      form: form(
        ['FriendlyName', 'My Test Configuration Updated'],
        ['AutoCreation.Enabled', 'false'],
        ['AutoCreation.Type', 'studio'],
        ['AutoCreation.StudioFlowSid', STUDIO_FLOW],
        ['AutoCreation.StudioRetryCount', '3'],
      ),
    });
    expect((updated.body as { auto_creation: unknown }).auto_creation).toEqual({
      enabled: false,
      type: 'studio',
      conversation_service_sid: CHAT_SERVICE,
      studio_flow_sid: STUDIO_FLOW,
      studio_retry_count: 3,
    });
  });

  it('keeps no field of another auto-creation type from a create (studio with a webhook URL)', async () => {
    const created = await emulatorRequest(emulator(), 'POST', PATH, {
      form: form(
        ['Address', '+15005550006'],
        ['Type', 'sms'],
        ['AutoCreation.Type', 'studio'],
        ['AutoCreation.StudioFlowSid', STUDIO_FLOW],
        ['AutoCreation.WebhookUrl', 'https://example.com'],
      ),
    });
    expect((created.body as { auto_creation: unknown }).auto_creation).toEqual({ type: 'studio', studio_flow_sid: STUDIO_FLOW });
  });

  it('round-trips repeated WebhookFilters as a set, and clears them with one empty value', async () => {
    const created = await emulatorRequest(emulator(), 'POST', PATH, {
      form: form(
        ['Type', 'sms'],
        ['Address', '+15005550006'],
        ['AutoCreation.Type', 'webhook'],
        ['AutoCreation.WebhookUrl', 'https://example.com/h'],
        ['AutoCreation.WebhookFilters', 'onMessageAdded'],
        ['AutoCreation.WebhookFilters', 'onMessageAdded'],
        ['AutoCreation.WebhookFilters', 'onDeliveryUpdated'],
      ),
    });
    const { sid } = created.body as { sid: string };
    expect(created.body).toMatchObject({ auto_creation: { webhook_filters: ['onMessageAdded', 'onDeliveryUpdated'] } });
    const cleared = await emulatorRequest(emulator(), 'POST', `${PATH}/${sid}`, { form: form(['AutoCreation.WebhookFilters', '']) });
    expect(cleared.body).toMatchObject({ auto_creation: { type: 'webhook', webhook_url: 'https://example.com/h' } });
    expect((cleared.body as { auto_creation: object }).auto_creation).not.toHaveProperty('webhook_filters');
  });

  it('lists with Twilio meta, the Type filter in any case, and refuses PageSize above 50', async () => {
    emulator().preloadResources(
      ADDRESS_CONFIGURATION,
      Array.from({ length: 51 }, (_, i) => ({ address: `+1500555${String(i).padStart(4, '0')}`, type: i % 2 === 0 ? 'sms' : 'whatsapp' })),
    );
    const page = await emulatorRequest(emulator(), 'GET', `${PATH}?PageSize=50`);
    const body = page.body as { address_configurations: unknown[]; meta: Record<string, unknown> };
    expect(body.address_configurations).toHaveLength(50);
    expect(body.meta).toMatchObject({
      key: 'address_configurations',
      page: 0,
      page_size: 50,
      previous_page_url: null,
      first_page_url: `${emulator().url}${PATH}?PageSize=50&Page=0`,
    });
    const next = new URL(body.meta.next_page_url as string);
    const second = (await emulatorRequest(emulator(), 'GET', `${next.pathname}${next.search}`)).body as {
      address_configurations: unknown[];
      meta: { next_page_url: unknown };
    };
    expect([second.address_configurations.length, second.meta.next_page_url]).toEqual([1, null]);
    const sms = (await emulatorRequest(emulator(), 'GET', `${PATH}?Type=SMS&PageSize=50`)).body as {
      address_configurations: { type: string }[];
      meta: { url: string };
    };
    expect([sms.address_configurations.length, new Set(sms.address_configurations.map((c) => c.type))]).toEqual([26, new Set(['sms'])]);
    expect(sms.meta.url).toBe(`${emulator().url}${PATH}?Type=SMS&PageSize=50&Page=0`);
    expect(await emulatorRequest(emulator(), 'GET', `${PATH}?PageSize=51`)).toMatchObject({
      status: 400,
      body: ERR("Invalid value '51' for parameter PageSize: must be between 1 and 50"),
    });
    for (const type of ['fax', '']) {
      expect(await emulatorRequest(emulator(), 'GET', `${PATH}?Type=${type}`)).toMatchObject({
        status: 400,
        body: ERR(`Invalid value '${type}' for parameter Type: must be one of sms, whatsapp, messenger, gbm, email, rcs, apple, chat`),
      });
    }
  });

  it('keeps the Flex Flows apart: each kind its own list, SIDs and counts', async () => {
    await emulatorRequest(emulator(), 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) });
    const flows = (await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows')).body as { flex_flows: unknown[] };
    expect([flows.flex_flows.length, emulator().stats().resources]).toEqual([0, { 'flex-flow': 0, 'address-configuration': 1 }]);
  });
});

describe('emulator: faults and rate limits on address configurations', () => {
  it('fails the create, update or delete of a matching address with an injected 400', async () => {
    const emulator = await withEmulator({ failCreateName: 'whatsapp:*', failDeleteName: '+1500555000[6]' });
    const refused = await emulatorRequest(emulator, 'POST', PATH, {
      form: form(['Type', 'whatsapp'], ['Address', 'whatsapp:+15005550006']),
    });
    expect(refused).toMatchObject({
      status: 400,
      body: ERR('Injected failure: the emulator was told to fail the create of "whatsapp:+15005550006"'),
    });
    const { sid } = (await emulatorRequest(emulator, 'POST', PATH, { form: form(['Type', 'sms'], ['Address', '+15005550006']) })).body as {
      sid: string;
    };
    expect(await emulatorRequest(emulator, 'DELETE', `${PATH}/${sid}`)).toMatchObject({
      status: 400,
      body: ERR('Injected failure: the emulator was told to fail the delete of "+15005550006"'),
    });
    expect(emulator.stats().resources['address-configuration']).toBe(1);
  });

  it('limits each endpoint per kind: the address creates have their own bucket', async () => {
    const clockAt = new Date('2026-01-01T00:00:00Z');
    const emulator = await withEmulator({ now: () => clockAt, rateScale: 1 });
    const statuses: number[] = [];
    for (const n of [1, 2, 3])
      statuses.push((await emulatorRequest(emulator, 'POST', PATH, { form: form(['Type', 'sms'], ['Address', `+1${n}`]) })).status);
    const flowCreate = await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', {
      form: { FriendlyName: 'f', ChatServiceSid: CHAT_SERVICE, ChannelType: 'web' },
    });
    expect([...statuses, flowCreate.status]).toEqual([201, 201, 429, 201]);
  });
});
