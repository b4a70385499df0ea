import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/index.js';
import { useTempDir } from './helpers/tempDir.js';
import { createForm, emulatorRequest, testEmulatorOptions, withEmulator } from './helpers/withEmulator.js';

const dir = useTempDir('flexflow-emulator-');

async function names(handle: Awaited<ReturnType<typeof withEmulator>>): Promise<string[]> {
  const body = (await emulatorRequest(handle, 'GET', '/v1/FlexFlows')).body as { flex_flows: { friendly_name: string }[] };
  return body.flex_flows.map((flow) => flow.friendly_name);
}

/** A stored address configuration: SID IG…0n, its seq, its address. */
const IG = (n: number, seq: number, address = '+1') => ({
  sid: `IG${String(n).padStart(32, '0')}`,
  seq,
  date_created: '2026-01-01T00:00:00Z',
  date_updated: '2026-01-01T00:00:00Z',
  address,
  type: 'sms',
  friendly_name: null,
  address_country: null,
  auto_creation: null,
});
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('emulator state file', () => {
  it('survives a restart, keeps order and SIDs, and never reuses a SID', async () => {
    const stateFile = join(dir(), 'state.json');
    const first = await startEmulator(testEmulatorOptions({ stateFile, seed: 5 }));
    const sids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      sids.push(((await emulatorRequest(first, 'POST', '/v1/FlexFlows', { form: createForm(name) })).body as { sid: string }).sid);
    }
    await emulatorRequest(first, 'POST', `/v1/FlexFlows/${sids[0]}`, { form: { FriendlyName: 'uno' } });
    await emulatorRequest(first, 'DELETE', `/v1/FlexFlows/${sids[1]}`);
    await first.close();

    const second = await withEmulator({ stateFile, seed: 5 });
    expect(await names(second)).toEqual(['uno', 'three']);
    const fetched = await emulatorRequest(second, 'GET', `/v1/FlexFlows/${sids[2]}`);
    expect(fetched.body).toMatchObject({ sid: sids[2], friendly_name: 'three', url: `${second.url}/v1/FlexFlows/${sids[2]}` });
    const fourth = ((await emulatorRequest(second, 'POST', '/v1/FlexFlows', { form: createForm('four') })).body as { sid: string }).sid;
    expect(sids).not.toContain(fourth);
    expect(await names(second)).toEqual(['uno', 'three', 'four']);
    const filtered = (await emulatorRequest(second, 'GET', '/v1/FlexFlows?FriendlyName=uno')).body as { flex_flows: unknown[] };
    expect(filtered.flex_flows).toHaveLength(1);
  });

  it('writes a reset to the file', async () => {
    const stateFile = join(dir(), 'state.json');
    const first = await startEmulator(testEmulatorOptions({ stateFile }));
    await emulatorRequest(first, 'POST', '/v1/FlexFlows', { form: createForm('a') });
    first.reset();
    await first.close();
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ format_version: 2, stores: { 'flex-flow': { resources: [] } } });
  });

  it.each([
    { name: 'not JSON', content: '{"flows": [', message: /^emulator state file .*state\.json is not valid JSON \(.*\); fix or delete it$/ },
    {
      name: 'another format',
      content: '{"format_version": 3}',
      message: /is not an emulator state: format_version is 3, expected 2 \(or 1\); fix or delete it$/,
    },
    {
      name: 'an address configuration with a Flex Flow SID',
      content: `{"format_version": 2, "stores": {"address-configuration": {"next_seq": 2, "sid_rng_state": 1, "resources": [{"sid": "FO${'a'.repeat(32)}", "seq": 1, "address": "+1"}]}}}`,
      message: /is not an emulator state: stores\.address-configuration\.resources\[0\] has no valid sid; fix or delete it$/,
    },
    {
      name: 'a store of an unknown kind',
      content: '{"format_version": 2, "stores": {"studio-flow": {}}}',
      message:
        /is not an emulator state: stores\.studio-flow is not a kind of resource \(flex-flow, address-configuration\); fix or delete it$/,
    },
    {
      name: 'a flow without a SID',
      content: '{"format_version": 1, "next_seq": 2, "sid_rng_state": 1, "flows": [{"seq": 1, "friendly_name": "x"}]}',
      message: /is not an emulator state: flows\[0\] has no valid sid; fix or delete it$/,
    },
    ...[
      {
        name: 'a repeated SID',
        store: { resources: [IG(1, 1), IG(1, 2, '+2')] },
        problem: 'resources[1] (IG…01) repeats the sid of stores.address-configuration.resources[0]',
      },
      {
        name: 'a repeated address',
        store: { resources: [IG(1, 1), IG(2, 2)] },
        problem: 'resources[1] (IG…02) repeats the address of stores.address-configuration.resources[0]',
      },
      {
        name: 'a repeated seq',
        store: { resources: [IG(1, 1), IG(2, 1, '+2')] },
        problem: 'resources[1] (IG…02) repeats the seq of stores.address-configuration.resources[0]',
      },
      {
        name: 'a seq at next_seq',
        store: { next_seq: 2, resources: [IG(1, 2)] },
        problem: 'resources[0] (IG…01) has seq 2, not below next_seq 2',
      },
      { name: 'a next_seq past 2^53', store: { next_seq: 1e308 }, problem: 'next_seq must be a whole number from 1 to 9007199254740991' },
      {
        name: 'a negative sid_rng_state',
        store: { sid_rng_state: -1 },
        problem: 'sid_rng_state must be a whole number from 0 to 4294967295',
      },
      {
        name: 'a type outside the enum',
        store: { resources: [{ ...IG(1, 1), type: 'SMS' }] },
        problem: 'resources[0] (IG…01): type must be one of sms, whatsapp, messenger, gbm, email, rcs, apple, chat (stored lower-case)',
      },
      {
        name: 'an auto_creation that is text',
        store: { resources: [{ ...IG(1, 1), auto_creation: 'junk' }] },
        problem: 'resources[0] (IG…01): auto_creation must be an object or null',
      },
      {
        name: 'a resource without dates',
        store: { resources: [{ ...IG(1, 1), date_created: undefined }] },
        problem: 'resources[0] (IG…01) lacks date_created or date_updated',
      },
    ].map(({ name, store, problem }) => ({
      name,
      content: JSON.stringify({
        format_version: 2,
        stores: { 'address-configuration': { next_seq: 10, sid_rng_state: 1, resources: [], ...store } },
      }),
      message: new RegExp(
        `is not an emulator state: stores\\.address-configuration\\.${escapeRegExp(problem.replace(/IG…(\d\d)/g, `IG${'0'.repeat(30)}$1`))}; fix or delete it$`,
      ),
    })),
  ])('refuses a state file that is $name', async ({ content, message }) => {
    const stateFile = join(dir(), 'state.json');
    await writeFile(stateFile, content);
    await expect(startEmulator({ stateFile })).rejects.toThrow(message);
  });

  it('refuses, at start, a state file it could not write', async () => {
    const stateFile = join(dir(), 'missing-folder', 'state.json');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/^cannot write emulator state file .*state\.json: ENOENT/);
  });

  it('writes an empty state at start, so the file exists before the first change', async () => {
    const stateFile = join(dir(), 'state.json');
    const handle = await startEmulator({ stateFile });
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toEqual({
      format_version: 2,
      stores: {
        'flex-flow': { next_seq: 1, sid_rng_state: 1, resources: [] },
        'address-configuration': { next_seq: 1, sid_rng_state: expect.any(Number) as unknown, resources: [] },
      },
    });
    await handle.close();
  });

  it('loads a state file of format 1 (flows only) and writes it back as format 2', async () => {
    const stateFile = join(dir(), 'state.json');
    const sid = `FO${'c'.repeat(32)}`;
    const flow = {
      sid,
      seq: 4,
      date_created: '2026-01-01T00:00:00Z',
      date_updated: '2026-01-01T00:00:00Z',
      friendly_name: 'old',
      chat_service_sid: null,
      channel_type: 'web',
    };
    await writeFile(stateFile, JSON.stringify({ format_version: 1, next_seq: 5, sid_rng_state: 9, flows: [flow] }));
    const emulator = await withEmulator({ stateFile });
    expect(await names(emulator)).toEqual(['old']);
    const address = (
      await emulatorRequest(emulator, 'POST', '/v1/Configuration/Addresses', { form: { Type: 'sms', Address: '+15005550006' } })
    ).body as { sid: string };
    await emulator.close();
    const written = JSON.parse(await readFile(stateFile, 'utf8')) as {
      stores: Record<string, { next_seq: number; resources: { sid: string }[] }>;
    };
    expect({
      flows: written.stores['flex-flow']?.resources.map((resource) => resource.sid),
      next: written.stores['flex-flow']?.next_seq,
      addresses: written.stores['address-configuration']?.resources.map((resource) => resource.sid),
    }).toEqual({ flows: [sid], next: 5, addresses: [address.sid] });
  });

  it('keeps address configurations across a restart, with their SIDs', async () => {
    const stateFile = join(dir(), 'state.json');
    const first = await startEmulator(testEmulatorOptions({ stateFile }));
    const created = (
      await emulatorRequest(first, 'POST', '/v1/Configuration/Addresses', { form: { Type: 'WhatsApp', Address: 'whatsapp:+15005550006' } })
    ).body as { sid: string };
    await first.close();
    const second = await withEmulator({ stateFile });
    const fetched = await emulatorRequest(second, 'GET', `/v1/Configuration/Addresses/${encodeURIComponent('whatsapp:+15005550006')}`);
    expect(fetched.body).toMatchObject({ sid: created.sid, type: 'whatsapp' });
  });
});

describe('emulator state file durability', () => {
  it('acknowledges a write only once it is on disk: a kill -9 right after the answer cannot lose it', async () => {
    const stateFile = join(dir(), 'state.json');
    const emulator = await withEmulator({ stateFile });
    for (const name of ['a', 'b', 'c']) {
      const created = (await emulatorRequest(emulator, 'POST', '/v1/FlexFlows', { form: createForm(name) })).body as { sid: string };
      // Read synchronously on the answer, before anything else can run: what a process killed now leaves behind.
      expect(readFileSync(stateFile, 'utf8')).toContain(created.sid);
    }
  });
});
