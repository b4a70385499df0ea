import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { withoutTwilioHostEnv } from './helpers/twilioLibrary.js';
import { resolveConnection } from '../src/api/connection.js';
import { createLookupLister } from '../src/resolve/lister.js';
import { createNameResolver } from '../src/resolve/resolve.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, emulatorRequest, testEmulatorOptions, withEmulator } from './helpers/withEmulator.js';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../src/emulator/index.js';

const FIXED_NOW = new Date('2016-08-01T22:10:40.123Z');
const DEFINITION = {
  description: 'A New Flow',
  states: [{ name: 'Trigger', type: 'trigger', transitions: [], properties: {} }],
  initial_state: 'Trigger',
  flags: { allow_concurrent_calls: true },
};
const CONFIGURATION = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: null } } });

withoutTwilioHostEnv();

/** Twilio's client with every product this test uses pointed at the emulator. */
function clientFor(emulator: EmulatorHandle): twilio.Twilio {
  const client = twilio(emulator.accountSid, emulator.authToken, { accountSid: emulator.accountSid });
  client.studio.baseUrl = emulator.url;
  client.taskrouter.baseUrl = emulator.url;
  client.chat.baseUrl = emulator.url;
  client.conversations.baseUrl = emulator.url;
  return client;
}

const sid = (prefix: string): unknown => expect.stringMatching(new RegExp(`^${prefix}[0-9a-f]{32}$`));

describe("Twilio's helper library against the emulator's lookup endpoints", () => {
  it('creates Studio flows, Chat and Conversations services, workspaces and workflows, and lists them back', async () => {
    const emulator = await withEmulator({ now: () => FIXED_NOW });
    const client = clientFor(emulator);

    const flow = await client.studio.v2.flows.create({ friendlyName: 'Inbound SMS', status: 'draft', definition: DEFINITION });
    expect(flow.toJSON()).toMatchObject({
      sid: sid('FW'),
      accountSid: emulator.accountSid,
      friendlyName: 'Inbound SMS',
      status: 'draft',
      definition: DEFINITION,
      revision: 1,
      dateCreated: new Date('2016-08-01T22:10:40Z'),
      url: `${emulator.url}/v2/Flows/${flow.sid}`,
    });
    const chat = await client.chat.v2.services.create({ friendlyName: 'Flex Chat Service' });
    expect(chat.toJSON()).toMatchObject({
      sid: sid('IS'),
      friendlyName: 'Flex Chat Service',
      url: `${emulator.url}/v2/Services/${chat.sid}`,
    });
    const conversations = await client.conversations.v1.services.create({ friendlyName: 'Flex Conversations' });
    expect(conversations.toJSON()).toMatchObject({ sid: sid('IS'), friendlyName: 'Flex Conversations' });
    const workspace = await client.taskrouter.v1.workspaces.create({ friendlyName: 'Flex Task Assignment' });
    expect(workspace.toJSON()).toMatchObject({ sid: sid('WS'), friendlyName: 'Flex Task Assignment', prioritizeQueueOrder: 'FIFO' });
    const workflow = await client.taskrouter.v1
      .workspaces(workspace.sid)
      .workflows.create({ friendlyName: 'Assign to Anyone', configuration: CONFIGURATION });
    expect(workflow.toJSON()).toMatchObject({
      sid: sid('WW'),
      friendlyName: 'Assign to Anyone',
      workspaceSid: workspace.sid,
      configuration: CONFIGURATION,
    });

    // As in Twilio's list example, a listed flow leaves its definition out; a fetch carries it.
    expect((await client.studio.v2.flows.list()).map((item): unknown[] => [item.sid, item.friendlyName, item.definition])).toEqual([
      [flow.sid, 'Inbound SMS', null],
    ]);
    expect((await client.studio.v2.flows(flow.sid).fetch()).definition).toEqual(DEFINITION);
    expect((await client.chat.v2.services.list()).map((item) => item.sid)).toEqual([chat.sid]);
    expect((await client.conversations.v1.services.list()).map((item) => item.sid)).toEqual([conversations.sid]);
    expect((await client.taskrouter.v1.workspaces.list({ friendlyName: 'Flex Task Assignment' })).map((item) => item.sid)).toEqual([
      workspace.sid,
    ]);
    expect((await client.taskrouter.v1.workspaces(workspace.sid).workflows.list()).map((item) => item.sid)).toEqual([workflow.sid]);
  });

  it('what the library creates, the resolver finds by name over the same connection the CLI builds', async () => {
    const emulator = await withEmulator();
    const client = clientFor(emulator);
    const flow = await client.studio.v2.flows.create({ friendlyName: 'Inbound SMS', status: 'published', definition: DEFINITION });
    const conversations = await client.conversations.v1.services.create({ friendlyName: 'Default' });
    const workspace = await client.taskrouter.v1.workspaces.create({ friendlyName: 'Flex Task Assignment' });
    const workflow = await client.taskrouter.v1
      .workspaces(workspace.sid)
      .workflows.create({ friendlyName: 'Assign to Anyone', configuration: CONFIGURATION });
    const at = { file: 'flows/a.yaml', line: 1, column: 1 };
    const references = [
      { kind: 'studio-flow', name: 'Inbound SMS', position: at },
      { kind: 'conversations-service', name: 'Default', position: at },
      { kind: 'workflow', name: 'Assign to Anyone', position: at, workspace: { name: 'Flex Task Assignment' } },
    ] as const;
    const resolver = createNameResolver(createLookupLister(resolveConnection(emulatorEnv(emulator)), { minIntervalMs: 0 }));
    const resolution = await resolver.resolve(references);
    expect(resolution.problems).toEqual([]);
    expect(references.map((reference) => resolution.sidFor(reference))).toEqual([flow.sid, conversations.sid, workflow.sid]);
  });

  it('pages each collection at its largest page size, as the library walks it', async () => {
    const names = Array.from({ length: 230 }, (_, i) => `service ${String(i).padStart(3, '0')}`);
    const emulator = await withEmulator({ lookups: { chatServices: names, studioFlows: names.slice(0, 3) } });
    const client = clientFor(emulator);
    // Chat serves at most 100 a page (the library asks for the limit it is given).
    const page = await client.chat.v2.services.page({ pageSize: 1000 });
    expect(page.instances).toHaveLength(100);
    expect((await client.chat.v2.services.list()).map((item) => item.friendlyName)).toEqual(names);
    expect((await client.studio.v2.flows.list({ pageSize: 2 })).map((item) => item.friendlyName)).toEqual(names.slice(0, 3));
  });

  it('filters workspaces and workflows by FriendlyName, and lists Studio flows and services whole whatever is asked', async () => {
    const emulator = await withEmulator({
      lookups: {
        studioFlows: ['Inbound SMS', 'Outbound'],
        conversationsServices: ['Default', 'Other'],
        workspaces: [{ friendlyName: 'Flex', workflows: ['Assign', 'Assign', 'Other'] }, { friendlyName: 'Other' }],
      },
    });
    const client = clientFor(emulator);
    const [flex] = await client.taskrouter.v1.workspaces.list({ friendlyName: 'Flex' });
    expect(flex?.friendlyName).toBe('Flex');
    expect(await client.taskrouter.v1.workspaces.list({ friendlyName: 'flex' })).toEqual([]);
    const assign = await client.taskrouter.v1.workspaces(flex?.sid as string).workflows.list({ friendlyName: 'Assign' });
    expect(assign.map((item) => item.friendlyName)).toEqual(['Assign', 'Assign']);
    expect(new Set(assign.map((item) => item.sid)).size).toBe(2);
    // Twilio takes no FriendlyName on these lists: the parameter changes nothing.
    for (const path of ['/v2/Flows?FriendlyName=Outbound', '/v1/Services?FriendlyName=Other']) {
      const answer = await emulatorRequest(emulator, 'GET', path);
      const key = path.startsWith('/v2') ? 'flows' : 'services';
      expect((answer.body as Record<string, unknown[]>)[key]).toHaveLength(2);
      expect((answer.body as { meta: { key: string } }).meta.key).toBe(key);
    }
  });

  it('seeds the same names under different SIDs in two accounts, and again after a reset', async () => {
    const lookups = { studioFlows: ['Inbound SMS'], workspaces: [{ friendlyName: 'Flex', workflows: ['Assign'] }] };
    const first = await withEmulator({ seed: 1, lookups });
    const second = await withEmulator({ seed: 2, accountSid: `AC${'2'.repeat(32)}`, lookups });
    const sids = async (emulator: EmulatorHandle) => {
      const client = clientFor(emulator);
      const [flow] = await client.studio.v2.flows.list();
      const [workspace] = await client.taskrouter.v1.workspaces.list();
      const [workflow] = await client.taskrouter.v1.workspaces(workspace?.sid as string).workflows.list();
      return [flow?.sid, workspace?.sid, workflow?.sid, flow?.accountSid];
    };
    const firstSids = await sids(first);
    const secondSids = await sids(second);
    expect(firstSids.every((value, i) => value !== secondSids[i])).toBe(true);
    first.reset();
    expect(await sids(first)).toEqual(firstSids);
  });

  it('answers as Twilio does for a missing parameter, an unknown parent or item, and an unserved method', async () => {
    const emulator = await withEmulator({ lookups: { workspaces: [{ friendlyName: 'Flex' }] } });
    const client = clientFor(emulator);
    await expect(client.studio.v2.flows.create({ friendlyName: 'x', status: 'live' as 'draft', definition: {} })).rejects.toMatchObject({
      status: 400,
      code: 20001,
    });
    expect((await emulatorRequest(emulator, 'POST', '/v2/Services', { form: {} })).status).toBe(400);
    expect((await emulatorRequest(emulator, 'GET', `/v1/Workspaces/WS${'0'.repeat(32)}/Workflows`)).status).toBe(404);
    expect((await emulatorRequest(emulator, 'GET', `/v2/Flows/FW${'0'.repeat(32)}`)).status).toBe(404);
    expect((await emulatorRequest(emulator, 'DELETE', `/v2/Flows/FW${'0'.repeat(32)}`)).status).toBe(405);
    expect((await emulatorRequest(emulator, 'GET', '/v2/Services', { auth: null })).status).toBe(401);
  });

  it.each([
    ['a list', []],
    ['an unknown list', { flows: ['x'] }],
    ['an empty name', { chatServices: [''] }],
    ['a workspace without a name', { workspaces: [{ workflows: ['x'] }] }],
    ['a workflow that is not text', { workspaces: [{ friendlyName: 'Flex', workflows: [1] }] }],
  ])('refuses a seed that is %s, naming the option', async (_, lookups) => {
    await expect(startEmulator({ lookups } as unknown as EmulatorOptions)).rejects.toThrow(
      /^emulator option 'lookups' must be an object of studioFlows, chatServices, conversationsServices/,
    );
  });

  describe('with a state file', () => {
    const dir = useTempDir('flexflow-lookups-state-');
    const lookups = { studioFlows: ['Inbound SMS'], workspaces: [{ friendlyName: 'Flex' }] };
    const listed = async (emulator: EmulatorHandle) =>
      [
        ...(((await emulatorRequest(emulator, 'GET', '/v2/Flows')).body as { flows: { sid: string; friendly_name: string }[] }).flows ??
          []),
        ...(((await emulatorRequest(emulator, 'GET', '/v1/Workspaces')).body as { workspaces: { sid: string; friendly_name: string }[] })
          .workspaces ?? []),
      ].map((item) => `${item.friendly_name} ${item.sid}`);

    it('keeps seeded and created names across a restart, seeding no name twice and reusing no SID', async () => {
      const stateFile = join(dir(), 'state.json');
      const first = await startEmulator(testEmulatorOptions({ stateFile, lookups }));
      expect(
        (await emulatorRequest(first, 'POST', '/v2/Flows', { form: { FriendlyName: 'Outbound', Status: 'draft', Definition: '{}' } }))
          .status,
      ).toBe(201);
      const before = await listed(first);
      await first.close();
      expect(before).toHaveLength(3);

      const second = await startEmulator(testEmulatorOptions({ stateFile, lookups }));
      try {
        expect(await listed(second)).toEqual(before);
        const created = (await emulatorRequest(second, 'POST', '/v1/Workspaces', { form: { FriendlyName: 'Other' } })).body as {
          sid: string;
        };
        expect(before.some((line) => line.endsWith(created.sid))).toBe(false);
      } finally {
        await second.close();
      }
    });

    it("refuses a state file whose lookups are not the emulator's, naming what is wrong", async () => {
      const stateFile = join(dir(), 'state.json');
      const first = await startEmulator(testEmulatorOptions({ stateFile, lookups }));
      await first.close();
      const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { lookups: { resources: { sid: string }[] } };
      (saved.lookups.resources[0] as { sid: string }).sid = `WS${'0'.repeat(32)}`;
      await writeFile(stateFile, JSON.stringify(saved));
      await expect(startEmulator(testEmulatorOptions({ stateFile }))).rejects.toThrow(
        `emulator state file ${stateFile} is not an emulator state: lookups.resources[0] has no valid sid; fix or delete it`,
      );
    });
  });
});
