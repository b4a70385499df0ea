import { describe, expect, it } from 'vitest';
import { flexFlowEndpoint } from '../src/model/limits.js';
import { createForm, emulatorRequest, withEmulator } from './helpers/withEmulator.js';
import { twilioError } from './helpers/fixtures.js';

const SID = `FO${'a'.repeat(32)}`;

describe('flexFlowEndpoint', () => {
  it.each([
    { method: 'GET', path: '/v1/FlexFlows', expected: 'list' },
    { method: 'GET', path: '/v1/FlexFlows?PageSize=1000&PageToken=PA3', expected: 'list' },
    { method: 'GET', path: '/v1/FlexFlows/', expected: 'list' },
    { method: 'POST', path: '/v1/FlexFlows', expected: 'create' },
    { method: 'GET', path: `/v1/FlexFlows/${SID}`, expected: 'fetch' },
    { method: 'POST', path: `/v1/FlexFlows/${SID}`, expected: 'update' },
    { method: 'DELETE', path: `/v1/FlexFlows/${SID}`, expected: 'delete' },
    { method: 'DELETE', path: '/v1/FlexFlows', expected: undefined },
    { method: 'PUT', path: `/v1/FlexFlows/${SID}`, expected: undefined },
    { method: 'GET', path: `/v1/FlexFlows/${SID}/extra`, expected: undefined },
    { method: 'GET', path: '/v1/WebChannels', expected: undefined },
  ])('$method $path → $expected', ({ method, path, expected }) => {
    expect(flexFlowEndpoint(method, path)).toBe(expected);
  });
});

describe("emulator: Twilio's rate limits", () => {
  const frozen = new Date('2026-01-01T00:00:00Z');

  it('answers 429 with code 20429 and no Retry-After past an endpoint budget; each endpoint has its own', async () => {
    const emulator = await withEmulator({ rateScale: 1, now: () => frozen });
    const creates = [];
    for (let i = 0; i < 3; i++) creates.push(await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm(`flow ${i}`) }));
    expect(creates.map((response) => response.status)).toEqual([201, 201, 429]);
    expect(creates[2]?.headers.get('retry-after')).toBeNull();
    expect(creates[2]?.body).toEqual(twilioError(429, 20429, 'Too Many Requests'));
    const sid = (creates[0]?.body as { sid: string }).sid;
    const updates = [];
    for (let i = 0; i < 2; i++)
      updates.push((await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${sid}`, { form: { Enabled: 'true' } })).status);
    expect(updates).toEqual([200, 429]);
    const lists = [];
    for (let i = 0; i < 11; i++) lists.push((await emulatorRequest(emulator, 'GET', '/v1/FlexFlows')).status);
    expect(lists.filter((status) => status === 200)).toHaveLength(10);
    expect(emulator.stats().flows).toBe(2);
  });

  it('refills with the clock, scales with rateScale, and is full again after a reset', async () => {
    let clock = frozen.getTime();
    const emulator = await withEmulator({ rateScale: 2, now: () => new Date(clock) });
    const update = async () => (await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${SID}`, { form: { Enabled: 'true' } })).status;
    // Unknown SIDs still spend the update budget: the limit is on the endpoint, not the flow.
    expect([await update(), await update(), await update()]).toEqual([404, 404, 429]);
    clock += 500;
    expect([await update(), await update()]).toEqual([404, 429]);
    emulator.reset();
    expect([await update(), await update(), await update()]).toEqual([404, 404, 429]);
  });

  it('sends Retry-After when asked, and no 429 at all with the limits off', async () => {
    const limited = await withEmulator({ rateScale: 1, now: () => frozen, retryAfterSeconds: 2 });
    for (let i = 0; i < 2; i++) await emulatorRequest(limited, 'DELETE', `/v1/FlexFlows/${SID}`);
    const refused = await emulatorRequest(limited, 'DELETE', `/v1/FlexFlows/${SID}`);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '2']);

    const open = await withEmulator({ rateLimits: false, now: () => frozen });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await emulatorRequest(open, 'POST', '/v1/FlexFlows', { form: createForm(`flow ${i}`) })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
  });

  it('refuses the 2,501st flow with 400 and keeps 2,500', async () => {
    const emulator = await withEmulator();
    emulator.preload(Array.from({ length: 2499 }, (_, i) => ({ friendly_name: `flow ${i}` })));
    expect((await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm('2500th') })).status).toBe(201);
    const refused = await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm('2501st') });
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 20001, message: 'Maximum number of flows reached: an account can have up to 2500', status: 400 },
    });
    expect(emulator.stats().flows).toBe(2500);
  });
});
