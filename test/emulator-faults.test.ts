import { describe, expect, it } from 'vitest';
import { ERROR_STATUSES, decideFault } from '../src/emulator/faults.js';
import { SeededRng } from '../src/emulator/rng.js';
import { createForm, emulatorRequest, withEmulator } from './helpers/withEmulator.js';
import { twilioError } from './helpers/fixtures.js';

const NO_FAULTS = { latencyMs: 0, jitterMs: 0, errorRate: 0, resetRate: 0, errorStatuses: ERROR_STATUSES };

describe('decideFault', () => {
  it.each([
    { name: 'no faults configured', settings: NO_FAULTS, expected: { delayMs: 0, fault: null, afterCommit: false } },
    {
      name: 'latency without jitter is exact',
      settings: { ...NO_FAULTS, latencyMs: 40 },
      expected: { delayMs: 40, fault: null, afterCommit: false },
    },
    {
      name: 'errors only, first draw of seed 4',
      settings: { ...NO_FAULTS, errorRate: 1 },
      expected: { delayMs: 0, fault: { kind: 'status', status: 429 }, afterCommit: false },
    },
    {
      name: 'resets only, first draw of seed 4',
      settings: { ...NO_FAULTS, resetRate: 1 },
      expected: { delayMs: 0, fault: { kind: 'reset' }, afterCommit: true },
    },
  ])('$name', ({ settings, expected }) => {
    expect(decideFault(new SeededRng(4), settings)).toEqual(expected);
  });

  it('keeps jitter within [latency, latency + jitter) and repeats for a seed', () => {
    const delays = (seed: number): number[] => {
      const rng = new SeededRng(seed);
      return Array.from({ length: 200 }, () => decideFault(rng, { ...NO_FAULTS, latencyMs: 100, jitterMs: 50 }).delayMs);
    };
    const first = delays(9);
    expect(first).toEqual(delays(9));
    expect(Math.min(...first)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...first)).toBeLessThan(150);
    expect(new Set(first).size).toBeGreaterThan(10);
  });

  it('never lets a 429 strike after the write: 429 means "not processed"', () => {
    const rng = new SeededRng(1);
    const decisions = Array.from({ length: 500 }, () => decideFault(rng, { ...NO_FAULTS, errorRate: 1 }));
    expect(decisions.filter((d) => d.fault?.kind === 'status' && d.fault.status === 429 && d.afterCommit)).toEqual([]);
    expect(new Set(decisions.map((d) => (d.fault?.kind === 'status' ? d.fault.status : 0)))).toEqual(new Set([429, 500, 503]));
  });

  it('answers only the configured statuses', () => {
    const rng = new SeededRng(2);
    const decisions = Array.from({ length: 300 }, () => decideFault(rng, { ...NO_FAULTS, errorRate: 1, errorStatuses: [429] }));
    expect(new Set(decisions.map((d) => (d.fault?.kind === 'status' ? d.fault.status : 0)))).toEqual(new Set([429]));
  });

  it('honours the shares: with 0.3 errors and 0.2 resets about half the requests fail', () => {
    const rng = new SeededRng(5);
    const decisions = Array.from({ length: 2000 }, () => decideFault(rng, { ...NO_FAULTS, errorRate: 0.3, resetRate: 0.2 }));
    const errors = decisions.filter((d) => d.fault?.kind === 'status').length;
    const resets = decisions.filter((d) => d.fault?.kind === 'reset').length;
    expect(errors / 2000).toBeCloseTo(0.3, 1);
    expect(resets / 2000).toBeCloseTo(0.2, 1);
  });
});

describe('emulator faults over HTTP', () => {
  it('answers the seeded error sequence, with Twilio bodies, no Retry-After (Twilio documents none), and writes that stuck', async () => {
    const emulator = await withEmulator({ seed: 4, errorRate: 1 });
    const run = async (): Promise<unknown[]> => {
      const seen = [];
      for (let i = 0; i < 6; i++) {
        const response = await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm(`flow ${i}`) });
        seen.push({
          status: response.status,
          code: (response.body as { code: number }).code,
          retryAfter: response.headers.get('retry-after'),
        });
      }
      return seen;
    };
    const expected = [
      { status: 500, code: 20500, retryAfter: null },
      { status: 503, code: 20503, retryAfter: null },
      { status: 429, code: 20429, retryAfter: null },
      { status: 503, code: 20503, retryAfter: null },
      { status: 429, code: 20429, retryAfter: null },
      { status: 429, code: 20429, retryAfter: null },
    ];
    expect(await run()).toEqual(expected);
    // The 1st and 4th failed after the create was committed: the client saw an error, the flows exist.
    expect(emulator.stats().flows).toBe(2);
    emulator.reset();
    expect(await run()).toEqual(expected);
  });

  it('sends the configured Retry-After with a 429', async () => {
    const emulator = await withEmulator({ errorRate: 1, errorStatuses: [429], retryAfterSeconds: 3 });
    const response = await emulatorRequest(emulator, 'GET', '/v1/FlexFlows');
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '3']);
  });

  it('destroys connections mid-request, before or after the write as the seed says', async () => {
    const emulator = await withEmulator({ seed: 2, resetRate: 1 });
    for (let i = 0; i < 4; i++) {
      await expect(emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm(`flow ${i}`) })).rejects.toThrow('fetch failed');
    }
    // Seed 2 strikes before, before, after, after: two creates happened that the client never heard of.
    expect(emulator.stats()).toMatchObject({ requests: 4, resets: 4, by_status: {}, in_flight: 0, flows: 2 });
  });

  it('answers 429 above max-concurrent requests in flight', async () => {
    const emulator = await withEmulator({ maxConcurrent: 1, latencyMs: 1000 });
    const responses = await Promise.all([1, 2, 3].map(() => emulatorRequest(emulator, 'GET', '/v1/FlexFlows')));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 429, 429]);
    const rejected = responses.find((response) => response.status === 429);
    expect(rejected?.headers.get('retry-after')).toBeNull();
    expect(rejected?.body).toEqual(twilioError(429, 20429, 'Too Many Requests'));
    expect(emulator.stats()).toMatchObject({ requests: 3, by_status: { 200: 1, 429: 2 }, in_flight: 0 });
    // A request is only refused while another is in flight, so the peak saw at least two.
    expect(emulator.stats().peak_in_flight).toBeGreaterThanOrEqual(2);
  });

  it('adds latency and leaves the control paths alone', async () => {
    const emulator = await withEmulator({ latencyMs: 20, jitterMs: 10, errorRate: 1 });
    const stats = await emulatorRequest(emulator, 'GET', '/_emulator/stats', { auth: null });
    expect(stats.status).toBe(200);
    expect((await emulatorRequest(emulator, 'POST', '/_emulator/reset', { auth: null })).status).toBe(204);
    expect(emulator.stats().requests).toBe(0);
  });
});

describe('targeted faults: one named flow fails, the rest succeed', () => {
  it('refuses with a Twilio 400 the creates, updates and deletes whose name matches the glob', async () => {
    const emulator = await withEmulator({ failCreateName: 'Support', failUpdateName: 'Sales*', failDeleteName: 'Keep' });
    const create = (name: string) => emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm(name) });
    const refused = await create('Support');
    expect(refused).toMatchObject({
      status: 400,
      body: { code: 20001, status: 400, message: 'Injected failure: the emulator was told to fail the create of "Support"' },
    });
    expect((await create('Support (old)')).status).toBe(201);
    const sales = (await create('Sales EU')).body as { sid: string };
    const keep = (await create('Keep')).body as { sid: string };
    expect((await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${sales.sid}`, { form: { Enabled: 'true' } })).status).toBe(400);
    expect((await emulatorRequest(emulator, 'DELETE', `/v1/FlexFlows/${keep.sid}`)).status).toBe(400);
    // Renaming a flow onto a failing name is an update of that name too.
    const other = (await create('Other')).body as { sid: string };
    expect((await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${other.sid}`, { form: { FriendlyName: 'Sales US' } })).status).toBe(
      400,
    );
    expect((await emulatorRequest(emulator, 'DELETE', `/v1/FlexFlows/${other.sid}`)).status).toBe(204);
    expect(emulator.stats().flows).toBe(3);
  });
});

describe('contact identity conflicts', () => {
  const sms = (name: string, extra: Record<string, string> = {}) =>
    createForm(name, {
      ChannelType: 'sms',
      ContactIdentity: '+15550001111',
      Enabled: 'true',
      IntegrationType: 'studio',
      'Integration.FlowSid': `FW${'b'.repeat(32)}`,
      ...extra,
    });

  it('refuses a create or an update that would leave two enabled flows with one contact identity and integration type', async () => {
    const emulator = await withEmulator();
    const first = (await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: sms('A') })).body as { sid: string };
    const refused = await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: sms('B') });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      status: 400,
      message: expect.stringContaining(`Flex Flow ${first.sid} is already enabled with contact identity "+15550001111"`) as unknown,
    });
    // Disabled, or another integration type: no conflict; enabling it later is refused.
    const disabled = (await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: sms('C', { Enabled: 'false' }) })).body as {
      sid: string;
    };
    expect(
      (
        await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', {
          form: sms('D', { IntegrationType: 'external', 'Integration.Url': 'https://example.com/x' }),
        })
      ).status,
    ).toBe(201);
    expect((await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${disabled.sid}`, { form: { Enabled: 'true' } })).status).toBe(400);
    // An update of the holder itself is no conflict; once it gives the identity up, another may take it.
    expect((await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${first.sid}`, { form: { JanitorEnabled: 'true' } })).status).toBe(200);
    expect(
      (await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${first.sid}`, { form: { ContactIdentity: '+15550002222' } })).status,
    ).toBe(200);
    expect((await emulatorRequest(emulator, 'POST', `/v1/FlexFlows/${disabled.sid}`, { form: { Enabled: 'true' } })).status).toBe(200);
  });
});
