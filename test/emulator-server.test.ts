import { describe, expect, it } from 'vitest';
import { basicAuth, createForm, emulatorRequest, useEmulator } from './helpers/withEmulator.js';
import { twilioError } from './helpers/fixtures.js';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let clock = new Date('2016-08-01T22:10:40.999Z');

describe('emulator HTTP API', () => {
  const emulator = useEmulator({ now: () => clock, seed: 42 });

  it('answers a create in the exact shape and key order of flex.v1.flex_flow', async () => {
    clock = new Date('2016-08-01T22:10:40.999Z');
    const response = await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: createForm('web chat') });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const sid = (response.body as { sid: string }).sid;
    expect(sid).toMatch(/^FO[0-9a-f]{32}$/);
    expect(Object.keys(response.body as object)).toEqual([
      'sid',
      'account_sid',
      'date_created',
      'date_updated',
      'friendly_name',
      'chat_service_sid',
      'channel_type',
      'contact_identity',
      'enabled',
      'integration_type',
      'integration',
      'long_lived',
      'janitor_enabled',
      'url',
    ]);
    expect(response.body).toMatchObject({
      account_sid: emulator().accountSid,
      date_created: '2016-08-01T22:10:40Z',
      date_updated: '2016-08-01T22:10:40Z',
      url: `${emulator().url}/v1/FlexFlows/${sid}`,
    });

    clock = new Date('2016-08-02T08:00:00Z');
    const updated = await emulatorRequest(emulator(), 'POST', `/v1/FlexFlows/${sid}`, { form: { Enabled: 'true' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ date_created: '2016-08-01T22:10:40Z', date_updated: '2016-08-02T08:00:00Z', enabled: true });
  });

  it('gives the same SIDs for the same seed after a reset', async () => {
    const sids = async (): Promise<string[]> => {
      const out = [];
      for (const name of ['a', 'b'])
        out.push(((await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: createForm(name) })).body as { sid: string }).sid);
      return out;
    };
    const first = await sids();
    emulator().reset();
    expect(await sids()).toEqual(first);
  });

  it.each([
    { name: 'no credentials', auth: null },
    { name: 'a wrong token', auth: basic(`AC${'0'.repeat(32)}`, 'nope') },
    { name: 'another account', auth: basic(`AC${'1'.repeat(32)}`, 'emulator-auth-token') },
    { name: 'a malformed header', auth: 'Bearer abc' },
  ])('answers 401 (20003) for $name', async ({ auth }) => {
    const response = await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows', { auth });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    expect(response.body).toEqual(twilioError(401, 20003, 'Authenticate'));
  });

  it('accepts the account credentials and the API key', async () => {
    expect((await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows', { auth: basicAuth(emulator()) })).status).toBe(200);
    expect(
      (await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows', { auth: basic(emulator().apiKey, emulator().apiSecret) })).status,
    ).toBe(200);
  });

  it.each([
    {
      method: 'GET',
      path: `/v1/FlexFlows/FO${'0'.repeat(32)}`,
      expected: twilioError(404, 20404, `The requested resource /v1/FlexFlows/FO${'0'.repeat(32)} was not found`),
    },
    {
      method: 'POST',
      path: `/v1/FlexFlows/FO${'0'.repeat(32)}`,
      expected: twilioError(404, 20404, `The requested resource /v1/FlexFlows/FO${'0'.repeat(32)} was not found`),
    },
    {
      method: 'DELETE',
      path: '/v1/FlexFlows/FOnot-a-sid',
      expected: twilioError(404, 20404, 'The requested resource /v1/FlexFlows/FOnot-a-sid was not found'),
    },
    { method: 'GET', path: '/v1/Elsewhere', expected: twilioError(404, 20404, 'The requested resource /v1/Elsewhere was not found') },
    { method: 'DELETE', path: '/v1/FlexFlows', expected: twilioError(405, 20004, 'Method DELETE is not allowed on /v1/FlexFlows') },
    {
      method: 'POST',
      path: '/v1/FlexFlows',
      expected: twilioError(400, 20001, 'Missing required parameter FriendlyName in the post body'),
    },
  ])('answers $method $path with Twilio’s error body', async ({ method, path, expected }) => {
    const response = await emulatorRequest(emulator(), method, path, method === 'GET' || method === 'DELETE' ? {} : { form: {} });
    expect({ status: response.status, body: response.body }).toEqual({ status: expected.status, body: expected });
  });

  it('deletes with 204 and an empty body, then 404s', async () => {
    const sid = ((await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: createForm('gone') })).body as { sid: string }).sid;
    const deleted = await emulatorRequest(emulator(), 'DELETE', `/v1/FlexFlows/${sid}`);
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 204, body: undefined });
    expect((await emulatorRequest(emulator(), 'DELETE', `/v1/FlexFlows/${sid}`)).status).toBe(404);
  });

  it('counts requests by method and status, outside auth, and resets over HTTP', async () => {
    await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', { form: createForm('x') });
    await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows');
    await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows', { auth: null });
    const stats = await emulatorRequest(emulator(), 'GET', '/_emulator/stats', { auth: null });
    expect(stats.body).toEqual({
      format_version: 1,
      requests: 3,
      by_method: { GET: 2, POST: 1 },
      by_status: { 200: 1, 201: 1, 401: 1 },
      resets: 0,
      in_flight: 0,
      peak_in_flight: 1,
      flows: 1,
      resources: { 'flex-flow': 1, 'address-configuration': 0 },
    });
    expect((await emulatorRequest(emulator(), 'POST', '/_emulator/reset', { auth: null })).status).toBe(204);
    expect(emulator().stats()).toMatchObject({ requests: 0, flows: 0 });
  });
});
