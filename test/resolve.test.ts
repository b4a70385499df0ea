import { describe, expect, it } from 'vitest';
import type { EmulatorHandle, EmulatorOptions } from '../src/emulator/index.js';
import type { LookupSeed } from '../src/emulator/lookups/store.js';
import { createLookupLister } from '../src/resolve/lister.js';
import { RESOLVE_RULES, createNameResolver, type NameReference, type NameResolver } from '../src/resolve/resolve.js';
import type { TargetKind } from '../src/model/lookupTargets.js';
import { fakeClock } from './helpers/fakeClock.js';
import { withEmulator } from './helpers/withEmulator.js';

/** A resolver over real HTTP against `emulator`, on a clock that moves only when it waits (waits recorded, not slept). */
function resolverFor(emulator: Pick<EmulatorHandle, 'url' | 'accountSid' | 'authToken'>): NameResolver & { readonly waits: number[] } {
  const { waits, now, sleep } = fakeClock();
  const lister = createLookupLister(
    { baseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken, accountSid: emulator.accountSid },
    {
      now,
      sleep,
      random: () => 0.5,
      timeoutMs: 5_000,
    },
  );
  return Object.assign(createNameResolver(lister), { waits });
}

let line = 0;
/** A reference at `flows/a.yaml:<next line>:3`. */
function ref(kind: TargetKind, name: string, workspace?: NameReference['workspace']): NameReference {
  line += 1;
  return { kind, name, position: { file: 'flows/a.yaml', line, column: 3 }, ...(workspace ? { workspace } : {}) };
}

async function seeded(lookups: LookupSeed, options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return withEmulator({ lookups, ...options });
}

/** The SIDs the emulator gave, by name, through its own list endpoint. */
async function sidsOf(emulator: EmulatorHandle, path: string, key: string): Promise<Record<string, string[]>> {
  const response = await fetch(`${emulator.url}${path}${path.includes('?') ? '&' : '?'}PageSize=1000`, {
    headers: { authorization: `Basic ${Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString('base64')}` },
  });
  const body = (await response.json()) as Record<string, { sid: string; friendly_name: string }[]>;
  const out: Record<string, string[]> = {};
  for (const item of body[key] ?? []) (out[item.friendly_name] ??= []).push(item.sid);
  return out;
}

describe('resolving names to SIDs against the emulator', () => {
  it('resolves one match of every kind, a workflow in a workspace named or given by SID', async () => {
    const emulator = await seeded({
      studioFlows: ['Inbound SMS', 'Outbound'],
      chatServices: ['Flex Chat Service'],
      conversationsServices: ['Default Conversations Service'],
      workspaces: [{ friendlyName: 'Flex Task Assignment', workflows: ['Assign to Anyone', 'Sales'] }],
    });
    const studio = await sidsOf(emulator, '/v2/Flows', 'flows');
    const workspaces = await sidsOf(emulator, '/v1/Workspaces', 'workspaces');
    const ws = workspaces['Flex Task Assignment']?.[0] as string;
    const workflows = await sidsOf(emulator, `/v1/Workspaces/${ws}/Workflows`, 'workflows');
    const references = [
      ref('studio-flow', 'Inbound SMS'),
      ref('chat-service', 'Flex Chat Service'),
      ref('conversations-service', 'Default Conversations Service'),
      ref('workspace', 'Flex Task Assignment'),
      ref('workflow', 'Assign to Anyone', { name: 'Flex Task Assignment' }),
      ref('workflow', 'Sales', { sid: ws }),
    ];
    const resolution = await resolverFor(emulator).resolve(references);
    expect(resolution.problems).toEqual([]);
    const [flow, chat, conversations, workspace, assign, sales] = references.map((reference) => resolution.sidFor(reference));
    expect(flow).toBe(studio['Inbound SMS']?.[0]);
    expect(chat).toMatch(/^IS[0-9a-f]{32}$/);
    expect(conversations).toMatch(/^IS[0-9a-f]{32}$/);
    expect(conversations).not.toBe(chat);
    expect(workspace).toBe(ws);
    expect(assign).toBe(workflows['Assign to Anyone']?.[0]);
    expect(sales).toBe(workflows.Sales?.[0]);
    // An equal reference (not the same object) answers the same.
    expect(resolution.sidFor({ ...(references[4] as NameReference), position: { file: 'flows/b.yaml', line: 9, column: 1 } })).toBe(assign);
    expect(resolution.resolved.map(({ kind, name, workspaceSid }) => [kind, name, workspaceSid])).toEqual([
      ['workspace', 'Flex Task Assignment', undefined],
      ['studio-flow', 'Inbound SMS', undefined],
      ['chat-service', 'Flex Chat Service', undefined],
      ['conversations-service', 'Default Conversations Service', undefined],
      ['workflow', 'Assign to Anyone', ws],
      ['workflow', 'Sales', ws],
    ]);
  });

  it("gives the same names each account's own SIDs", async () => {
    const lookups = { studioFlows: ['Inbound SMS'], workspaces: [{ friendlyName: 'Flex', workflows: ['Assign'] }] };
    const dev = await seeded(lookups, { seed: 11 });
    const prod = await seeded(lookups, { seed: 12, accountSid: `AC${'9'.repeat(32)}` });
    const references = [ref('studio-flow', 'Inbound SMS'), ref('workflow', 'Assign', { name: 'Flex' })];
    const inDev = await resolverFor(dev).resolve(references);
    const inProd = await resolverFor(prod).resolve(references);
    for (const reference of references) {
      expect(inDev.sidFor(reference)).toMatch(/^(FW|WW)[0-9a-f]{32}$/);
      expect(inProd.sidFor(reference)).toMatch(/^(FW|WW)[0-9a-f]{32}$/);
      expect(inDev.sidFor(reference)).not.toBe(inProd.sidFor(reference));
    }
  });

  it('reports no match at the name, with close candidates by name and SID', async () => {
    const emulator = await seeded({ studioFlows: ['Inbound Sms', 'inbound SMS v2', 'Outbound', 'Survey'], chatServices: ['Support'] });
    const studio = await sidsOf(emulator, '/v2/Flows', 'flows');
    const missing = ref('studio-flow', 'Inbound SMS');
    const far = ref('chat-service', 'Flex Chat Service');
    const resolution = await resolverFor(emulator).resolve([missing, far, ref('conversations-service', 'Anything')]);
    expect(resolution.sidFor(missing)).toBeUndefined();
    expect(resolution.problems).toEqual([
      {
        file: 'flows/a.yaml',
        line: missing.position.line,
        column: 3,
        rule: 'name-not-found',
        message: `no Studio flow named "Inbound SMS" in this account; candidates: "Inbound Sms" ${studio['Inbound Sms']?.[0]}, "inbound SMS v2" ${studio['inbound SMS v2']?.[0]}; names match exactly, case and spaces included`,
      },
      {
        file: 'flows/a.yaml',
        line: far.position.line,
        column: 3,
        rule: 'name-not-found',
        message:
          'no Chat service named "Flex Chat Service" in this account; none of the 1 there has a close name; names match exactly, case and spaces included',
      },
      {
        file: 'flows/a.yaml',
        line: far.position.line + 1,
        column: 3,
        rule: 'name-not-found',
        message:
          'no Conversations service named "Anything" in this account; there are none in this account; names match exactly, case and spaces included',
      },
    ]);
  });

  it('names the workspace, by name and SID, when a workflow is not in it', async () => {
    const emulator = await seeded({ workspaces: [{ friendlyName: 'Flex', workflows: ['Assign to Anyone'] }] });
    const ws = (await sidsOf(emulator, '/v1/Workspaces', 'workspaces')).Flex?.[0] as string;
    const ww = (await sidsOf(emulator, `/v1/Workspaces/${ws}/Workflows`, 'workflows'))['Assign to Anyone']?.[0] as string;
    const byName = await resolverFor(emulator).resolve([ref('workflow', 'Assign To Anyone', { name: 'Flex' })]);
    expect(byName.problems[0]?.message).toBe(
      `no TaskRouter workflow named "Assign To Anyone" in TaskRouter workspace "Flex" ${ws}; candidates: "Assign to Anyone" ${ww}; names match exactly, case and spaces included`,
    );
    const bySid = await resolverFor(emulator).resolve([ref('workflow', 'Assign', { sid: ws })]);
    expect(bySid.problems[0]?.message).toMatch(
      new RegExp(`^no TaskRouter workflow named "Assign" in TaskRouter workspace ${ws}; candidates: "Assign to Anyone" ${ww};`),
    );
  });

  it('bounds the candidates shown', async () => {
    const emulator = await seeded({ studioFlows: Array.from({ length: 8 }, (_, i) => `Flow ${i}`) });
    const resolution = await resolverFor(emulator).resolve([ref('studio-flow', 'Flow')]);
    expect(resolution.problems[0]?.message).toMatch(/; candidates: ("Flow \d" FW[0-9a-f]{32}, ){4}"Flow \d" FW[0-9a-f]{32} and 3 more; /);
  });

  it('reports two matches at every reference to the name, listing their SIDs', async () => {
    const emulator = await seeded({
      chatServices: ['Flex Chat Service', 'Flex Chat Service'],
      workspaces: [{ friendlyName: 'Flex' }, { friendlyName: 'Flex' }],
    });
    const chat = await sidsOf(emulator, '/v2/Services', 'services');
    const workspaces = await sidsOf(emulator, '/v1/Workspaces', 'workspaces');
    const first = ref('chat-service', 'Flex Chat Service');
    const second = ref('chat-service', 'Flex Chat Service');
    const workflow = ref('workflow', 'Assign', { name: 'Flex' });
    const resolution = await resolverFor(emulator).resolve([first, second, workflow]);
    const twoChats = `2 Chat services are named "Flex Chat Service" in this account: ${chat['Flex Chat Service']?.join(', ')}; a name must pick one: write the SID instead, or rename the others in Twilio`;
    expect(resolution.problems.map(({ line: at, rule, message }) => [at, rule, message])).toEqual([
      [first.position.line, 'name-ambiguous', twoChats],
      [second.position.line, 'name-ambiguous', twoChats],
      [
        workflow.position.line,
        'name-workspace-unresolved',
        `TaskRouter workflow "Assign" is looked up in TaskRouter workspace "Flex", which did not resolve: 2 TaskRouter workspaces are named "Flex" in this account: ${workspaces.Flex?.join(', ')}; a name must pick one: write the SID instead, or rename the others in Twilio`,
      ],
    ]);
  });

  it('reports a workflow without a workspace, in an unknown workspace, or in one that is not a SID', async () => {
    const emulator = await seeded({});
    const unknown = `WS${'0'.repeat(32)}`;
    const resolution = await resolverFor(emulator).resolve([
      ref('workflow', 'A'),
      ref('workflow', 'B', { sid: unknown }),
      ref('workflow', 'C', { sid: 'WSnope' }),
    ]);
    expect(resolution.problems.map(({ rule, message }) => [rule, message])).toEqual([
      [
        RESOLVE_RULES.workspaceMissing,
        `TaskRouter workflow "A" is looked up within a TaskRouter workspace: give the workspace's name or SID too`,
      ],
      [
        'name-workspace-unresolved',
        `TaskRouter workspace ${unknown} is not in this account, so TaskRouter workflow "B" cannot be looked up in it`,
      ],
      [
        'name-workspace-unresolved',
        `TaskRouter workflow "C" is looked up in workspace "WSnope", which is not a workspace SID (WS and 32 hex digits)`,
      ],
    ]);
  });

  it('looks each distinct name up once, and lists an unfiltered collection once for all its names', async () => {
    const emulator = await seeded({
      studioFlows: ['A', 'B', 'C'],
      chatServices: ['Chat'],
      workspaces: [{ friendlyName: 'Flex', workflows: ['Assign', 'Sales'] }, { friendlyName: 'Other' }],
    });
    emulator.reset();
    const resolver = resolverFor(emulator);
    const references = [
      ref('studio-flow', 'A'),
      ref('studio-flow', 'B'),
      ref('studio-flow', 'A'),
      ref('studio-flow', 'C'),
      ref('chat-service', 'Chat'),
      ref('chat-service', 'Chat'),
      ref('workspace', 'Flex'),
      ref('workspace', 'Flex'),
      ref('workflow', 'Assign', { name: 'Flex' }),
      ref('workflow', 'Assign', { name: 'Flex' }),
      ref('workflow', 'Sales', { name: 'Flex' }),
      ref('workspace', 'Other'),
    ];
    const resolution = await resolver.resolve(references);
    expect(resolution.problems).toEqual([]);
    // Studio flows 1, Chat services 1, workspaces "Flex" and "Other" 2, workflows "Assign" and "Sales" 2.
    expect(emulator.stats().requests).toBe(6);
    expect(emulator.stats().by_method).toEqual({ GET: 6 });
    // The same resolver asked again (a later step of the same run) makes no request.
    await resolver.resolve(references.slice(0, 4));
    expect(emulator.stats().requests).toBe(6);
    // One request at a time, ten a second: a wait before each after the first.
    expect(resolver.waits).toEqual([100, 100, 100, 100, 100]);
  });

  it('walks every page, 100 at a time for services and 1000 for Studio flows', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `Service ${i}`);
    const emulator = await seeded({ chatServices: names, studioFlows: names.slice(0, 3) });
    emulator.reset();
    const resolution = await resolverFor(emulator).resolve([ref('chat-service', 'Service 249'), ref('studio-flow', 'Service 2')]);
    expect(resolution.problems).toEqual([]);
    expect(resolution.sidFor(ref('chat-service', 'Service 249'))).toMatch(/^IS/);
    expect(emulator.stats().requests).toBe(4);
  });

  it('asks for a filtered workspace by name, and lists them all only to find candidates', async () => {
    const emulator = await seeded({ workspaces: [{ friendlyName: 'Flex' }, { friendlyName: 'flex' }] });
    emulator.reset();
    const found = await resolverFor(emulator).resolve([ref('workspace', 'Flex')]);
    expect(found.problems).toEqual([]);
    expect(emulator.stats().requests).toBe(1);
    emulator.reset();
    const missed = await resolverFor(emulator).resolve([ref('workspace', 'FLEX')]);
    expect(missed.problems[0]?.message).toMatch(
      /^no TaskRouter workspace named "FLEX" in this account; candidates: "Flex" WS[0-9a-f]{32}, "flex" WS[0-9a-f]{32};/,
    );
    expect(emulator.stats().requests).toBe(2);
  });
});

describe('resolving through a flaky account', () => {
  it('retries refused, failed and reset reads, and resolves as on a calm one', async () => {
    const emulator = await seeded(
      { studioFlows: ['Inbound SMS'], chatServices: ['Chat'], workspaces: [{ friendlyName: 'Flex', workflows: ['Assign'] }] },
      { seed: 5, errorRate: 0.4, resetRate: 0.1 },
    );
    emulator.reset();
    const references = [ref('studio-flow', 'Inbound SMS'), ref('chat-service', 'Chat'), ref('workflow', 'Assign', { name: 'Flex' })];
    const resolution = await resolverFor(emulator).resolve(references);
    expect(resolution.problems).toEqual([]);
    expect(references.map((reference) => resolution.sidFor(reference)?.slice(0, 2))).toEqual(['FW', 'IS', 'WW']);
    // Four lookups needed four good answers; seed 5 adds a 429 and two reset connections, each retried.
    expect(emulator.stats()).toMatchObject({ requests: 7, resets: 2, by_status: { '200': 4, '429': 1 } });
  });

  it('stops between requests once its signal is aborted', async () => {
    const emulator = await seeded({ studioFlows: ['A'], chatServices: ['B'] });
    emulator.reset();
    const controller = new AbortController();
    const resolver = resolverFor(emulator);
    const first = ref('studio-flow', 'A');
    const done = resolver.resolve([first, ref('chat-service', 'B')], controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(done).rejects.toThrow('interrupted');
    expect(emulator.stats().requests).toBeLessThanOrEqual(1);
  });
});

describe('names for SIDs (the reverse, for export)', () => {
  it('gives the name where it resolves back to the SID, and says why a SID stays otherwise', async () => {
    const long = 'L'.repeat(257);
    const emulator = await seeded({ studioFlows: ['Unique', 'Twice', 'Twice', ' padded', 'bell\u0007', long] });
    const studio = await sidsOf(emulator, '/v2/Flows', 'flows');
    emulator.reset();
    const unknown = `FW${'f'.repeat(32)}`;
    const unique = (studio.Unique?.[0] as string).toUpperCase().replace(/^FW/, 'FW');
    const twice = studio.Twice?.[0] as string;
    const sids = [
      unique,
      twice,
      studio[' padded']?.[0] as string,
      studio['bell\u0007']?.[0] as string,
      studio[long]?.[0] as string,
      unknown,
    ];
    const resolver = resolverFor(emulator);
    const names = await resolver.namesFor('studio-flow', sids);
    expect(sids.map((sid) => names.get(sid))).toEqual([
      { ok: true, name: 'Unique' },
      { ok: false, reason: 'shared', message: '2 Studio flows are named "Twice" in this account' },
      ...[' padded', 'bell\u0007', long].map((name) => ({
        ok: false,
        reason: 'unwritable',
        message: `the name of Studio flow ${studio[name]?.[0]} is empty, too long or has characters a file may not hold`,
      })),
      { ok: false, reason: 'not-found', message: `no Studio flow "${unknown}" in this account` },
    ]);
    // One listing serves the reverse and any later lookup of the same collection.
    await resolver.resolve([ref('studio-flow', 'Unique')]);
    expect(emulator.stats().requests).toBe(1);
  });

  it('names workflows within their workspace', async () => {
    const emulator = await seeded({
      workspaces: [
        { friendlyName: 'Flex', workflows: ['Assign'] },
        { friendlyName: 'Other', workflows: ['Assign'] },
      ],
    });
    const [flex, other] = Object.values(await sidsOf(emulator, '/v1/Workspaces', 'workspaces')).map((list) => list[0] as string);
    const inFlex = Object.values(await sidsOf(emulator, `/v1/Workspaces/${flex}/Workflows`, 'workflows'))[0]?.[0] as string;
    const resolver = resolverFor(emulator);
    expect((await resolver.namesFor('workflow', [inFlex], { workspaceSid: flex as string })).get(inFlex)).toEqual({
      ok: true,
      name: 'Assign',
    });
    expect((await resolver.namesFor('workflow', [inFlex], { workspaceSid: other as string })).get(inFlex)).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
    await expect(resolver.namesFor('workflow', [inFlex])).rejects.toThrow(RangeError);
  });
});
