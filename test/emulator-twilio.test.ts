import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { withoutTwilioHostEnv } from './helpers/twilioLibrary.js';
import { withEmulator } from './helpers/withEmulator.js';
import type { EmulatorHandle } from '../src/emulator/index.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';

const FIXED_NOW = new Date('2016-08-01T22:10:40.123Z');

withoutTwilioHostEnv();

function clientFor(emulator: EmulatorHandle, username = emulator.accountSid, password = emulator.authToken): twilio.Twilio {
  const client = twilio(username, password, { accountSid: emulator.accountSid });
  client.flexApi.baseUrl = emulator.url;
  client.conversations.baseUrl = emulator.url;
  return client;
}

async function restException(promise: Promise<unknown>): Promise<{ status: number; code: number }> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).constructor.name).toBe('RestException');
    const { status, code } = error as { status: number; code: number };
    return { status, code };
  }
  throw new Error('expected a RestException');
}

describe("Twilio's helper library against the emulator", () => {
  it('creates, lists across pages, fetches, updates and removes flows', async () => {
    const emulator = await withEmulator({ now: () => FIXED_NOW });
    const flows = clientFor(emulator).flexApi.v1.flexFlow;

    // The library names these the same way in the request and in the resource it returns.
    const echoed = {
      friendlyName: 'studio flow',
      chatServiceSid: CHAT_SERVICE,
      channelType: 'sms',
      contactIdentity: '12345',
      enabled: true,
      integrationType: 'studio',
      longLived: true,
      janitorEnabled: true,
    } as const;
    const created = await flows.create({ ...echoed, 'integration.flowSid': STUDIO_FLOW, 'integration.retryCount': 1 });
    expect(created.toJSON()).toEqual({
      sid: expect.stringMatching(/^FO[0-9a-f]{32}$/) as unknown,
      accountSid: emulator.accountSid,
      dateCreated: new Date('2016-08-01T22:10:40Z'),
      dateUpdated: new Date('2016-08-01T22:10:40Z'),
      ...echoed,
      integration: { flow_sid: STUDIO_FLOW, retry_count: 1 },
      url: `${emulator.url}/v1/FlexFlows/${created.sid}`,
    });

    for (let i = 0; i < 6; i++) await flows.create({ friendlyName: `web ${i}`, chatServiceSid: CHAT_SERVICE, channelType: 'web' });
    const listed = await flows.list({ pageSize: 3 });
    expect(listed.map((flow) => flow.friendlyName)).toEqual(['studio flow', 'web 0', 'web 1', 'web 2', 'web 3', 'web 4', 'web 5']);
    expect(emulator.stats().by_method.GET).toBe(3);
    expect((await flows.list({ friendlyName: 'web 4' })).map((flow) => flow.friendlyName)).toEqual(['web 4']);

    const fetched = await flows(created.sid).fetch();
    expect(fetched.friendlyName).toBe('studio flow');

    const updated = await flows(created.sid).update({ contactIdentity: '', 'integration.retryCount': 3, enabled: false });
    expect(updated.contactIdentity).toBeNull();
    expect(updated.enabled).toBe(false);
    expect(updated.integration).toEqual({ flow_sid: STUDIO_FLOW, retry_count: 3 });
    expect(updated.friendlyName).toBe('studio flow');

    expect(await flows(created.sid).remove()).toBe(true);
    expect((await flows.list()).length).toBe(6);
  });

  it.each([
    {
      name: 'a bad request',
      call: (client: twilio.Twilio) => client.flexApi.v1.flexFlow.create({ friendlyName: 'x', chatServiceSid: 'IS1', channelType: 'web' }),
      expected: { status: 400, code: 20001 },
    },
    {
      name: 'a missing SID',
      call: (client: twilio.Twilio) => client.flexApi.v1.flexFlow(`FO${'0'.repeat(32)}`).fetch(),
      expected: { status: 404, code: 20404 },
    },
  ])('gets a RestException for $name', async ({ call, expected }) => {
    const emulator = await withEmulator();
    expect(await restException(call(clientFor(emulator)))).toEqual(expected);
  });

  it('gets a RestException for bad credentials', async () => {
    const emulator = await withEmulator();
    const client = clientFor(emulator, emulator.accountSid, 'wrong-token');
    expect(await restException(client.flexApi.v1.flexFlow.list())).toEqual({ status: 401, code: 20003 });
  });

  it('accepts an API key and secret', async () => {
    const emulator = await withEmulator();
    const client = clientFor(emulator, emulator.apiKey, emulator.apiSecret);
    expect(await client.flexApi.v1.flexFlow.list()).toEqual([]);
  });

  it("meets Twilio's rate limit: a burst of 10 creates gets 429 for all but the first 2 of each second", async () => {
    let clock = FIXED_NOW.getTime();
    const emulator = await withEmulator({ rateScale: 1, now: () => new Date(clock) });
    const flows = clientFor(emulator).flexApi.v1.flexFlow;
    const burst = async (second: number): Promise<(number | string)[]> => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          flows.create({ friendlyName: `burst ${second}.${i}`, chatServiceSid: CHAT_SERVICE, channelType: 'web' }),
        ),
      );
      return outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'created' : (outcome.reason as { code: number }).code));
    };
    for (const second of [0, 1]) {
      const outcomes = await burst(second);
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(2);
      expect(outcomes.filter((outcome) => outcome === 20429)).toHaveLength(8);
      clock += 1000;
    }
    expect(emulator.stats()).toMatchObject({ flows: 4, by_status: { 201: 4, 429: 16 } });
  });

  it('stops at 2,500 flows: the 2,501st create is refused with a 400', async () => {
    const emulator = await withEmulator();
    emulator.preload(Array.from({ length: 2498 }, (_, i) => ({ friendly_name: `flow ${i}` })));
    const flows = clientFor(emulator).flexApi.v1.flexFlow;
    const outcomes = [];
    for (let i = 2499; i <= 2501; i++) {
      outcomes.push(
        await flows.create({ friendlyName: `flow ${i}`, chatServiceSid: CHAT_SERVICE, channelType: 'web' }).then(
          () => 'created',
          (error: { status: number; code: number }) => `${error.status} ${error.code}`,
        ),
      );
    }
    expect(outcomes).toEqual(['created', 'created', '400 20001']);
    expect(emulator.stats().flows).toBe(2500);
  });

  it('lists with limit 1001 (the library sends PageSize=1001, which is capped at 1000)', async () => {
    const emulator = await withEmulator();
    emulator.preload(Array.from({ length: 1001 }, (_, i) => ({ friendly_name: `flow ${i}` })));
    expect(await clientFor(emulator).flexApi.v1.flexFlow.list({ limit: 1001 })).toHaveLength(1001);
    expect(emulator.stats().by_status).toEqual({ 200: 2 });
  });
});

describe("Twilio's helper library against the emulator: address configurations", () => {
  it('creates, lists by type across pages, fetches by SID and by address, updates and removes', async () => {
    const emulator = await withEmulator({ now: () => FIXED_NOW });
    const configurations = clientFor(emulator).conversations.v1.addressConfigurations;

    const created = await configurations.create({
      type: 'whatsapp',
      address: 'whatsapp:+15005550006',
      friendlyName: 'Sales',
      'autoCreation.enabled': true,
      'autoCreation.type': 'webhook',
      'autoCreation.conversationServiceSid': CHAT_SERVICE,
      'autoCreation.webhookUrl': 'https://example.com/hook',
      'autoCreation.webhookMethod': 'post',
      'autoCreation.webhookFilters': ['onParticipantAdded', 'onMessageAdded'],
    });
    expect(created.toJSON()).toEqual({
      sid: expect.stringMatching(/^IG[0-9a-f]{32}$/) as unknown,
      accountSid: emulator.accountSid,
      type: 'whatsapp',
      address: 'whatsapp:+15005550006',
      friendlyName: 'Sales',
      autoCreation: {
        enabled: true,
        type: 'webhook',
        conversation_service_sid: CHAT_SERVICE,
        webhook_url: 'https://example.com/hook',
        webhook_method: 'POST',
        webhook_filters: ['onParticipantAdded', 'onMessageAdded'],
      },
      dateCreated: new Date('2016-08-01T22:10:40Z'),
      dateUpdated: new Date('2016-08-01T22:10:40Z'),
      url: `${emulator.url}/v1/Configuration/Addresses/${created.sid}`,
      addressCountry: null,
    });

    for (let i = 0; i < 5; i++) await configurations.create({ type: i % 2 === 0 ? 'sms' : 'whatsapp', address: `+1500555000${i}` });
    const all = await configurations.list({ pageSize: 2 });
    expect(all.map((configuration) => configuration.address)).toEqual([
      'whatsapp:+15005550006',
      '+15005550000',
      '+15005550001',
      '+15005550002',
      '+15005550003',
      '+15005550004',
    ]);
    expect(emulator.stats().by_method.GET).toBe(3);
    expect((await configurations.list({ type: 'sms' })).map((configuration) => configuration.address)).toEqual([
      '+15005550000',
      '+15005550002',
      '+15005550004',
    ]);

    expect((await configurations(created.sid).fetch()).friendlyName).toBe('Sales');
    expect((await configurations('whatsapp:+15005550006').fetch()).sid).toBe(created.sid);

    const updated = await configurations(created.sid).update({
      friendlyName: 'Support',
      'autoCreation.type': 'studio',
      'autoCreation.studioFlowSid': STUDIO_FLOW,
      'autoCreation.studioRetryCount': 2,
    });
    expect([updated.friendlyName, updated.autoCreation]).toEqual([
      'Support',
      {
        enabled: true,
        type: 'studio',
        conversation_service_sid: CHAT_SERVICE,
        // The contract's update example answers without the webhook's fields once the type is studio.
        studio_flow_sid: STUDIO_FLOW,
        studio_retry_count: 2,
      },
    ]);

    expect(await configurations('whatsapp:+15005550006').remove()).toBe(true);
    expect(await configurations.list()).toHaveLength(5);
  });

  it.each([
    { name: 'a second configuration for an address', duplicate: true, expected: { status: 400, code: 20001 } },
    { name: 'a missing configuration', duplicate: false, expected: { status: 404, code: 20404 } },
  ])('gets a RestException for $name', async ({ duplicate, expected }) => {
    const emulator = await withEmulator();
    const configurations = clientFor(emulator).conversations.v1.addressConfigurations;
    await configurations.create({ type: 'sms', address: '+15005550006' });
    const call = duplicate
      ? configurations.create({ type: 'sms', address: '+15005550006' })
      : configurations(`IG${'0'.repeat(32)}`).fetch();
    expect(await restException(call)).toEqual(expected);
  });
});
