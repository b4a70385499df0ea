import { describe, expect, it } from 'vitest';
import { emulatorRequest, useEmulator } from './helpers/withEmulator.js';
import type { EmulatorHandle } from '../src/emulator/index.js';
import { twilioError } from './helpers/fixtures.js';

interface ListBody {
  flex_flows: { friendly_name: string }[];
  meta: Record<string, unknown>;
}

/** Flows as creates would make them, without spending the create budget (paging is what is tested). */
function createMany(emulator: EmulatorHandle, count: number, name = (i: number) => `flow ${i}`): void {
  emulator.preload(
    Array.from({ length: count }, (_, i) => ({
      friendly_name: name(i),
      chat_service_sid: `IS${'a'.repeat(32)}`,
      channel_type: 'web' as const,
    })),
  );
}

async function list(emulator: EmulatorHandle, pathAndQuery: string): Promise<ListBody> {
  const absolute = pathAndQuery.startsWith('http') ? pathAndQuery.slice(emulator.url.length) : pathAndQuery;
  const response = await emulatorRequest(emulator, 'GET', absolute);
  expect(response.status).toBe(200);
  return response.body as ListBody;
}

/** Follows next_page_url from `first` and returns the page sizes seen. */
async function pageSizes(emulator: EmulatorHandle, first: string): Promise<number[]> {
  const sizes: number[] = [];
  let next: string | null = first;
  while (next !== null) {
    const page = await list(emulator, next);
    sizes.push(page.flex_flows.length);
    next = page.meta.next_page_url as string | null;
  }
  return sizes;
}

describe('emulator pagination', () => {
  const emulator = useEmulator();

  it.each([
    { name: '0 flows', flows: 0, query: '', expected: [0] },
    { name: '1 flow', flows: 1, query: '', expected: [1] },
    { name: 'exactly one page', flows: 5, query: '?PageSize=5', expected: [5] },
    { name: 'a partial last page', flows: 7, query: '?PageSize=3', expected: [3, 3, 1] },
    { name: '1,001 flows in pages of 1000', flows: 1001, query: '?PageSize=1000', expected: [1000, 1] },
  ])('$name', async ({ flows, query, expected }) => {
    createMany(emulator(), flows);
    expect(await pageSizes(emulator(), `/v1/FlexFlows${query}`)).toEqual(expected);
  });

  it('answers meta in the shape of the API examples, with absolute URLs', async () => {
    const base = `${emulator().url}/v1/FlexFlows`;
    expect((await list(emulator(), '/v1/FlexFlows')).meta).toEqual({
      page: 0,
      page_size: 50,
      first_page_url: `${base}?PageSize=50&Page=0`,
      previous_page_url: null,
      url: `${base}?PageSize=50&Page=0`,
      next_page_url: null,
      key: 'flex_flows',
    });
    createMany(emulator(), 3);
    const first = await list(emulator(), '/v1/FlexFlows?PageSize=2');
    expect(first.meta.next_page_url).toBe(`${base}?PageSize=2&Page=1&PageToken=PA2`);
    const second = await list(emulator(), first.meta.next_page_url as string);
    expect(second.flex_flows.map((flow) => flow.friendly_name)).toEqual(['flow 2']);
    expect(second.meta).toMatchObject({ page: 1, url: `${base}?PageSize=2&Page=1&PageToken=PA2`, next_page_url: null });
    const back = await list(emulator(), second.meta.previous_page_url as string);
    expect(back.flex_flows.map((flow) => flow.friendly_name)).toEqual(['flow 0', 'flow 1']);
    expect(back.meta).toMatchObject({ page: 0, previous_page_url: null });
  });

  it('keeps its place when flows are deleted between pages', async () => {
    createMany(emulator(), 4);
    const first = await list(emulator(), '/v1/FlexFlows?PageSize=2');
    const all = await list(emulator(), '/v1/FlexFlows');
    const sid = (all.flex_flows[1] as unknown as { sid: string }).sid;
    expect((await emulatorRequest(emulator(), 'DELETE', `/v1/FlexFlows/${sid}`)).status).toBe(204);
    const second = await list(emulator(), first.meta.next_page_url as string);
    expect(second.flex_flows.map((flow) => flow.friendly_name)).toEqual(['flow 2', 'flow 3']);
  });

  it('filters by exact FriendlyName, through an index that follows renames', async () => {
    createMany(emulator(), 6, (i) => (i % 2 === 0 ? 'even' : `odd ${i}`));
    const evens = await list(emulator(), '/v1/FlexFlows?FriendlyName=even&PageSize=2');
    expect(evens.flex_flows.map((flow) => flow.friendly_name)).toEqual(['even', 'even']);
    expect(evens.meta.next_page_url).toBe(`${emulator().url}/v1/FlexFlows?FriendlyName=even&PageSize=2&Page=1&PageToken=PA4`);
    expect(await pageSizes(emulator(), '/v1/FlexFlows?FriendlyName=even&PageSize=2')).toEqual([2, 1]);
    expect((await list(emulator(), '/v1/FlexFlows?FriendlyName=ev')).flex_flows).toEqual([]);

    const odd = (await list(emulator(), '/v1/FlexFlows?FriendlyName=odd%201')).flex_flows[0] as unknown as { sid: string };
    await emulatorRequest(emulator(), 'POST', `/v1/FlexFlows/${odd.sid}`, { form: { FriendlyName: 'even' } });
    expect(await pageSizes(emulator(), '/v1/FlexFlows?FriendlyName=even')).toEqual([4]);
    expect((await list(emulator(), '/v1/FlexFlows?FriendlyName=odd%201')).flex_flows).toEqual([]);
  });

  it.each([
    { query: 'PageSize=0', message: "Invalid value '0' for parameter PageSize: must be an integer of at least 1" },
    { query: 'Page=-1', message: "Invalid value '-1' for parameter Page: must be an integer of at least 0" },
    {
      query: 'PageToken=abc',
      message: "Invalid value 'abc' for parameter PageToken: use the next_page_url or previous_page_url the API returned",
    },
  ])('refuses $query with 400', async ({ query, message }) => {
    const response = await emulatorRequest(emulator(), 'GET', `/v1/FlexFlows?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(twilioError(400, 20001, message));
  });

  it('caps a PageSize above 1000 at 1000, as Twilio does for the helper libraries that send PageSize=limit', async () => {
    createMany(emulator(), 1001);
    const first = await list(emulator(), '/v1/FlexFlows?PageSize=5000');
    expect([first.flex_flows.length, first.meta.page_size]).toEqual([1000, 1000]);
    expect(await pageSizes(emulator(), '/v1/FlexFlows?PageSize=5000')).toEqual([1000, 1]);
  });

  it('preload adds flows as creates would, with their defaults, listed like any other', async () => {
    emulator().preload([{ friendly_name: 'preloaded', channel_type: 'sms' }]);
    const [flow] = (await list(emulator(), '/v1/FlexFlows')).flex_flows as unknown as Record<string, unknown>[];
    expect(flow).toMatchObject({
      friendly_name: 'preloaded',
      channel_type: 'sms',
      enabled: false,
      integration_type: 'studio',
      integration: { retry_count: 3 },
      long_lived: false,
      janitor_enabled: false,
      contact_identity: null,
    });
    expect(flow?.sid).toMatch(/^FO[0-9a-f]{32}$/);
  });
});
