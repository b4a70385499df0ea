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
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ format_version: 1, flows: [] });
  });

  it.each([
    { name: 'not JSON', content: '{"flows": [', message: /^emulator state file .*state\.json is not valid JSON \(.*\); fix or delete it$/ },
    { name: 'another format', content: '{"format_version": 2}', message: /is not an emulator state: format_version is 2, expected 1; fix or delete it$/ },
    {
      name: 'a flow without a SID',
      content: '{"format_version": 1, "next_seq": 2, "sid_rng_state": 1, "flows": [{"seq": 1, "friendly_name": "x"}]}',
      message: /is not an emulator state: flows\[0\] has no valid sid; fix or delete it$/,
    },
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
    expect(JSON.parse(await readFile(stateFile, 'utf8'))).toMatchObject({ format_version: 1, flows: [] });
    await handle.close();
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
