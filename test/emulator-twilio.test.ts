import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { withEmulator } from './helpers/withEmulator.js';
import type { EmulatorHandle } from '../src/emulator/index.js';

const CHAT = `IS${'a'.repeat(32)}`;
const STUDIO = `FW${'b'.repeat(32)}`;
const FIXED_NOW = new Date('2016-08-01T22:10:40.123Z');

// Twilio's library rewrites the host for a region or edge; the emulator must be reached as given.
const savedEnv = { region: process.env.TWILIO_REGION, edge: process.env.TWILIO_EDGE };
beforeEach(() => {
  delete process.env.TWILIO_REGION;
  delete process.env.TWILIO_EDGE;
});
afterEach(() => {
  if (savedEnv.region !== undefined) process.env.TWILIO_REGION = savedEnv.region;
  if (savedEnv.edge !== undefined) process.env.TWILIO_EDGE = savedEnv.edge;
});

function clientFor(emulator: EmulatorHandle, username = emulator.accountSid, password = emulator.authToken): twilio.Twilio {
  const client = twilio(username, password, { accountSid: emulator.accountSid });
  client.flexApi.baseUrl = emulator.url;
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
      chatServiceSid: CHAT,
      channelType: 'sms',
      contactIdentity: '12345',
      enabled: true,
      integrationType: 'studio',
      longLived: true,
      janitorEnabled: true,
    } as const;
    const created = await flows.create({ ...echoed, 'integration.flowSid': STUDIO, 'integration.retryCount': 1 });
    expect(created.toJSON()).toEqual({
      sid: expect.stringMatching(/^FO[0-9a-f]{32}$/),
      accountSid: emulator.accountSid,
      dateCreated: new Date('2016-08-01T22:10:40Z'),
      dateUpdated: new Date('2016-08-01T22:10:40Z'),
      ...echoed,
      integration: { flow_sid: STUDIO, retry_count: 1 },
      url: `${emulator.url}/v1/FlexFlows/${created.sid}`,
    });

    for (let i = 0; i < 6; i++) await flows.create({ friendlyName: `web ${i}`, chatServiceSid: CHAT, channelType: 'web' });
    const listed = await flows.list({ pageSize: 3 });
    expect(listed.map((flow) => flow.friendlyName)).toEqual(['studio flow', 'web 0', 'web 1', 'web 2', 'web 3', 'web 4', 'web 5']);
    expect(emulator.stats().by_method.GET).toBe(3);
    expect((await flows.list({ friendlyName: 'web 4' })).map((flow) => flow.friendlyName)).toEqual(['web 4']);

    const fetched = await flows(created.sid).fetch();
    expect(fetched.friendlyName).toBe('studio flow');

    const updated = await flows(created.sid).update({ contactIdentity: '', 'integration.retryCount': 3, enabled: false });
    expect(updated.contactIdentity).toBeNull();
    expect(updated.enabled).toBe(false);
    expect(updated.integration).toEqual({ flow_sid: STUDIO, retry_count: 3 });
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
});
