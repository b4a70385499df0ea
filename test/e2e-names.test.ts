import { mkdir, writeFile } from 'node:fs/promises';
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
  const first = async (path: string, key: string): Promise<string> => ((await emulatorRequest(emulator, 'GET', path)).body as Record<string, { sid: string }[]>)[key]?.[0]?.sid as string;
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
      expect(planned.stdout).toContain(`    integration.workspace_sid: "${sids.workspace}" (TaskRouter workspace "Flex Task Assignment")\n`);
      expect(planned.stdout).toContain(`    integration.workflow_sid: "${sids.workflow}" (TaskRouter workflow "Assign to Anyone")\n`);
      expect(planned.stdout).toContain(`    auto_creation.studio_flow_sid: "${sids.studioFlow}" (Studio flow "Inbound SMS")\n`);

      expect((await cli('apply', '--auto-approve')).code).toBe(0);
      const flows = await resourceClientFor(FLEX_FLOW, account).list();
      const byName = new Map(flows.map((flow) => [flow.friendly_name, flow]));
      expect(byName.get('SMS to Studio')).toMatchObject({ chat_service_sid: sids.chatService, integration: { flow_sid: sids.studioFlow } });
      expect(byName.get('Web chat to a task')).toMatchObject({ chat_service_sid: sids.chatService, integration: { workspace_sid: sids.workspace, workflow_sid: sids.workflow } });
      const [address] = await resourceClientFor(ADDRESS_CONFIGURATION, account).list();
      expect(address).toMatchObject({ auto_creation: { conversation_service_sid: sids.conversationsService, studio_flow_sid: sids.studioFlow } });

      const again = await cli('plan', '--detailed-exitcode');
      expect({ code: again.code, first: again.stdout.split('\n')[0] }).toEqual({ code: 0, first: 'No changes. 2 flows and 1 address configuration unchanged.' });
    }
  });
});
