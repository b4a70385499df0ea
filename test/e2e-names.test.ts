import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../src/emulator/index.js';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import { runCli } from './helpers/cli.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, emulatorRequest, withEmulator } from './helpers/withEmulator.js';

/** The same names in every account; each account gives them its own SIDs. */
const LOOKUPS = {
  studioFlows: ['Inbound SMS'],
  chatServices: ['Flex Chat Service'],
  conversationsServices: ['Flex Conversations'],
  workspaces: [{ friendlyName: 'Flex Task Assignment', workflows: ['Assign to Anyone'] }],
};

const FLOWS = `friendly_name: SMS to Studio
chat_service: Flex Chat Service
channel_type: sms
contact_identity: "+15005550006"
integration_type: studio
integration:
  studio_flow: Inbound SMS
---
friendly_name: Web chat to a task
chat_service: Flex Chat Service
channel_type: web
integration_type: task
integration:
  workspace: Flex Task Assignment
  workflow: Assign to Anyone
`;

const ADDRESSES = `kind: address-configuration
address: "+15005550007"
type: sms
auto_creation:
  enabled: true
  type: studio
  conversation_service: Flex Conversations
  studio_flow: Inbound SMS
`;

interface AccountSids {
  readonly studioFlow: string;
  readonly chatService: string;
  readonly conversationsService: string;
  readonly workspace: string;
  readonly workflow: string;
}

/** The SIDs the account gave the seeded names, read through its API. */
async function sidsOf(emulator: EmulatorHandle): Promise<AccountSids> {
  const first = async (path: string, key: string): Promise<string> =>
    ((await emulatorRequest(emulator, 'GET', path)).body as Record<string, { sid: string }[]>)[key]?.[0]?.sid as string;
  const workspace = await first('/v1/Workspaces', 'workspaces');
  return {
    studioFlow: await first('/v2/Flows', 'flows'),
    chatService: await first('/v2/Services', 'services'),
    conversationsService: await first('/v1/Services', 'services'),
    workspace,
    workflow: await first(`/v1/Workspaces/${workspace}/Workflows`, 'workflows'),
  };
}

describe('one folder of files with names, two accounts (issue 20)', () => {
  const dir = useTempDir('ffs-e2e-names-');

  it('plans and applies against each account with that account\'s SIDs, then plans "No changes" in both', async () => {
    await mkdir(join(dir(), 'flows'));
    await writeFile(join(dir(), 'flows', 'flows.yaml'), FLOWS);
    await writeFile(join(dir(), 'flows', 'addresses.yaml'), ADDRESSES);
    const accounts = [
      await withEmulator({ seed: 1, lookups: LOOKUPS }),
      await withEmulator({ seed: 2, accountSid: `AC${'2'.repeat(32)}`, lookups: LOOKUPS }),
    ];
    const [one, two] = await Promise.all(accounts.map(sidsOf));
    expect(one?.studioFlow).not.toBe(two?.studioFlow);
    expect(one?.workflow).not.toBe(two?.workflow);

    for (const account of accounts) {
      const sids = await sidsOf(account);
      const cli = (...args: string[]) => runCli(args, { cwd: dir(), env: emulatorEnv(account) });
      const planned = await cli('plan', '--detailed-exitcode');
      expect(planned.code).toBe(2);
      expect(planned.stdout).toContain(`    chat_service_sid: "${sids.chatService}" (Chat service "Flex Chat Service")\n`);
      expect(planned.stdout).toContain(`    integration.flow_sid: "${sids.studioFlow}" (Studio flow "Inbound SMS")\n`);
      expect(planned.stdout).toContain(
        `    integration.workspace_sid: "${sids.workspace}" (TaskRouter workspace "Flex Task Assignment")\n`,
      );
      expect(planned.stdout).toContain(`    integration.workflow_sid: "${sids.workflow}" (TaskRouter workflow "Assign to Anyone")\n`);
      expect(planned.stdout).toContain(`    auto_creation.studio_flow_sid: "${sids.studioFlow}" (Studio flow "Inbound SMS")\n`);

      expect((await cli('apply', '--auto-approve')).code).toBe(0);
      const flows = await resourceClientFor(FLEX_FLOW, account).list();
      const byName = new Map(flows.map((flow) => [flow.friendly_name, flow]));
      expect(byName.get('SMS to Studio')).toMatchObject({ chat_service_sid: sids.chatService, integration: { flow_sid: sids.studioFlow } });
      expect(byName.get('Web chat to a task')).toMatchObject({
        chat_service_sid: sids.chatService,
        integration: { workspace_sid: sids.workspace, workflow_sid: sids.workflow },
      });
      const [address] = await resourceClientFor(ADDRESS_CONFIGURATION, account).list();
      expect(address).toMatchObject({
        auto_creation: { conversation_service_sid: sids.conversationsService, studio_flow_sid: sids.studioFlow },
      });

      const again = await cli('plan', '--detailed-exitcode');
      expect({ code: again.code, first: again.stdout.split('\n')[0] }).toEqual({
        code: 0,
        first: 'No changes. 2 flows and 1 address configuration unchanged.',
      });
    }
  });
});

describe('names that do not resolve, and saved plans whose names changed (issue 20)', () => {
  const dir = useTempDir('ffs-names-errors-');

  it('refuses a name with no match and one with two, at file:line:col with the candidates, before any change', async () => {
    const emulator = await withEmulator({
      lookups: {
        ...LOOKUPS,
        studioFlows: ['Inbound SMS', 'Inbound SMS (old)'],
        workspaces: [{ friendlyName: 'Flex', workflows: ['Assign', 'Assign'] }],
      },
    });
    const { body } = await emulatorRequest(emulator, 'GET', '/v1/Workspaces');
    const workspace = (body as { workspaces: { sid: string }[] }).workspaces[0]?.sid as string;
    const workflows = (
      (await emulatorRequest(emulator, 'GET', `/v1/Workspaces/${workspace}/Workflows`)).body as { workflows: { sid: string }[] }
    ).workflows.map((item) => item.sid);
    const flows = ((await emulatorRequest(emulator, 'GET', '/v2/Flows')).body as { flows: { sid: string; friendly_name: string }[] }).flows;
    const sidOf = (name: string) => flows.find((flow) => flow.friendly_name === name)?.sid as string;
    await mkdir(join(dir(), 'flows'));
    await writeFile(
      join(dir(), 'flows', 'flows.yaml'),
      FLOWS.replace('studio_flow: Inbound SMS', 'studio_flow: Inbound Sms')
        .replace('workspace: Flex Task Assignment', 'workspace: Flex')
        .replace('workflow: Assign to Anyone', 'workflow: Assign'),
    );
    const result = await runCli(['plan'], { cwd: dir(), env: emulatorEnv(emulator) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('flows/'))).toEqual([
      `flows/flows.yaml:7:16: no Studio flow named "Inbound Sms" in this account; candidates: "Inbound SMS" ${sidOf('Inbound SMS')}, "Inbound SMS (old)" ${sidOf('Inbound SMS (old)')}; names match exactly, case and spaces included`,
      `flows/flows.yaml:15:13: 2 TaskRouter workflows are named "Assign" in TaskRouter workspace "Flex" ${workspace}: ${workflows.join(', ')}; a name must pick one: write the SID instead, or rename the others in Twilio`,
    ]);
    expect(result.stderr).toContain('error: 2 problems in the flow files; fix them and run again\n');
    expect(await resourceClientFor(FLEX_FLOW, emulator).list()).toEqual([]);
  });

  it('apply PLANFILE refuses when a name now resolves to another SID, or to several', async () => {
    const emulator = await withEmulator({ lookups: LOOKUPS });
    await mkdir(join(dir(), 'flows'));
    await writeFile(join(dir(), 'flows', 'flows.yaml'), FLOWS);
    const cli = (...args: string[]) => runCli(args, { cwd: dir(), env: emulatorEnv(emulator) });
    expect((await cli('plan', '--out', 'plan.json')).code).toBe(0);
    const saved = JSON.parse(await readFile(join(dir(), 'plan.json'), 'utf8')) as { names: { path: string; sid: string }[] };
    const flowSid = saved.names.find((name) => name.path === 'integration.flow_sid')?.sid as string;
    expect(flowSid).toMatch(/^FW[0-9a-f]{32}$/);

    // A saved plan that holds another SID for the name (as if the name had moved since).
    const other = `FW${'a'.repeat(32)}`;
    await writeFile(
      join(dir(), 'moved.json'),
      JSON.stringify({ ...saved, names: saved.names.map((name) => (name.sid === flowSid ? { ...name, sid: other } : name)) }),
    );
    const moved = await cli('apply', 'moved.json', '--auto-approve');
    expect({ code: moved.code, error: moved.stderr.split('\n').find((line) => line.startsWith('error:')) }).toEqual({
      code: 1,
      error: `error: the saved plan moved.json resolved Studio flow "Inbound SMS" (flows/flows.yaml:7:16) to ${other}, but it now resolves to ${flowSid}; nothing was applied; run plan again`,
    });

    await emulatorRequest(emulator, 'POST', '/v2/Flows', { form: { FriendlyName: 'Inbound SMS', Status: 'draft', Definition: '{}' } });
    const doubled = await cli('apply', 'plan.json', '--auto-approve');
    expect(doubled.code).toBe(1);
    expect(doubled.stderr).toContain(
      `error: the saved plan plan.json resolved Studio flow "Inbound SMS" (flows/flows.yaml:7:16) to ${flowSid}, but it no longer resolves: 2 Studio flows are named "Inbound SMS" in this account:`,
    );
    expect(await resourceClientFor(FLEX_FLOW, emulator).list()).toEqual([]);
  });
});

describe('export --names (issue 20)', () => {
  const dir = useTempDir('ffs-export-names-');

  it('writes names where the account holds them once, SIDs otherwise, says which, and the files plan "No changes"', async () => {
    const emulator = await withEmulator({ lookups: { ...LOOKUPS, chatServices: ['Flex Chat Service', 'Flex Chat Service'] } });
    const sids = await sidsOf(emulator);
    await mkdir(join(dir(), 'flows'));
    // The chat service's name is shared, so the file gives its SID; the rest by name.
    await writeFile(
      join(dir(), 'flows', 'flows.yaml'),
      FLOWS.replaceAll('chat_service: Flex Chat Service', `chat_service_sid: ${sids.chatService}`),
    );
    await writeFile(join(dir(), 'flows', 'addresses.yaml'), ADDRESSES);
    const cli = (...args: string[]) => runCli(args, { cwd: dir(), env: emulatorEnv(emulator) });
    expect((await cli('apply', '--auto-approve')).code).toBe(0);

    const exported = await cli('export', '--names', '--dir', 'exported');
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('names: 4 SIDs written as names, 1 SID kept (no name that resolves back to it alone)\n');
    expect(exported.stderr).toContain(`  kept ${sids.chatService}: 2 Chat services are named "Flex Chat Service" in this account\n`);
    const flows = await readFile(join(dir(), 'exported', 'flows.yaml'), 'utf8');
    expect(flows).toContain(`chat_service_sid: ${sids.chatService}\n`);
    expect(flows).toContain('  studio_flow: Inbound SMS\n');
    expect(flows).toContain('  workspace: Flex Task Assignment\n  workflow: Assign to Anyone\n');
    expect(flows).not.toMatch(/flow_sid|workspace_sid|workflow_sid/);
    const addresses = await readFile(join(dir(), 'exported', 'address-configurations.yaml'), 'utf8');
    expect(addresses).toContain('  conversation_service: Flex Conversations\n');
    expect(addresses).toContain('  studio_flow: Inbound SMS\n');

    const again = await cli('plan', '--dir', 'exported', '--detailed-exitcode');
    expect({ code: again.code, first: again.stdout.split('\n')[0] }).toEqual({
      code: 0,
      first: 'No changes. 2 flows and 1 address configuration unchanged.',
    });
  });

  it('refuses --names with --vars', async () => {
    const result = await runCli(['export', '--names', '--vars', 'vars.yaml'], { cwd: dir(), env: {} });
    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--names and --vars are two ways to one set of files for many accounts; choose one') as unknown,
    });
  });
});
