import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../src/emulator/index.js';
import { CHANNEL_TYPES, type ChannelType, type FlexFlow, type FlowFields } from '../src/model/flexFlow.js';
import { assignFileNames } from '../src/export/fileNames.js';
import { liveToFields } from '../src/plan/normalize.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { clientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, emulatorRequest, useEmulator } from './helpers/withEmulator.js';
import { loadFlows } from '../src/flows/load.js';

const source = useEmulator({ seed: 1 });
const target = useEmulator({ seed: 2 });

const cwd = useTempDir('export-cli-');

function run(args: readonly string[], emulator: EmulatorHandle): Promise<CliRun> {
  return runCli(args, { cwd: cwd(), env: emulatorEnv(emulator) });
}

const hex = (n: number, width = 32): string => n.toString(16).padStart(width, '0');

const NAME_SHAPES = [
  (i: number) => `Support SMS ${i}`,
  (i: number) => `sales/${i}/chat`,
  (i: number) => `Ünïcødé フロー ${i} 🚀`,
  (i: number) => `dots.${i}...`,
  (i: number) => `../${i}/../escape`,
  (i: number) => `CON ${i}`,
  (i: number) => `price \${EUR} ${i}`,
  (i: number) => `case ${i % 7}`,
  (i: number) => `CASE ${i % 7} `,
  (i: number) => `a:b*?"<>| ${i}`,
];

/** Every channel type × every integration type (and none), with varied optional values. */
function variedFlow(i: number): FlowFields {
  const shape = NAME_SHAPES[i % NAME_SHAPES.length] as (i: number) => string;
  const flow: FlowFields = {
    friendly_name: `${shape(i)} #${i}`,
    chat_service_sid: `IS${hex(i % 3)}`,
    channel_type: CHANNEL_TYPES[i % CHANNEL_TYPES.length] as ChannelType,
    enabled: i % 2 === 0,
  };
  // Unique per flow: Twilio refuses two enabled flows with one contact identity and integration type.
  if (i % 5 !== 0) flow.contact_identity = i % 2 === 0 ? `+1555${String(i).padStart(7, '0')}` : `whatsapp:+44${1000000 + i}`;
  if (i % 3 === 0) flow.long_lived = true;
  if (i % 4 === 0) flow.janitor_enabled = i % 8 === 0;
  switch (Math.floor(i / CHANNEL_TYPES.length) % 4) {
    case 0:
      flow.integration_type = 'studio';
      flow.integration = { flow_sid: `FW${hex(i % 5)}`, ...(i % 2 === 0 ? { retry_count: i % 4 } : {}) };
      break;
    case 1:
      flow.integration_type = 'external';
      flow.integration = { url: `https://hooks.example.com/flex/${i}?q=\${x}`, retry_count: 3 };
      break;
    case 2:
      flow.integration_type = 'task';
      flow.integration = {
        workspace_sid: `WS${hex(1)}`,
        workflow_sid: `WW${hex(i % 2)}`,
        channel: i % 2 === 0 ? 'chat' : 'sms',
        priority: i % 10,
        timeout: i * 10,
        creation_on_message: i % 3 === 0,
      };
      break;
    default:
      break;
  }
  return flow;
}

async function seed(emulator: EmulatorHandle, count: number): Promise<void> {
  const client = clientFor(emulator);
  await Promise.all(Array.from({ length: count }, (_, i) => client.create(variedFlow(i))));
}

/** What must survive the round trip: every writable field, keyed by name (not sid or dates). */
async function liveState(emulator: EmulatorHandle): Promise<Map<string, FlowFields>> {
  const live: FlexFlow[] = await clientFor(emulator).list();
  return new Map(live.map((flow) => [flow.friendly_name, liveToFields(FLEX_FLOW, flow as unknown as LiveResource) as unknown as FlowFields]));
}

describe('export round trip', () => {
  it('300 varied flows: export, validate, plan shows no changes, apply on an empty account recreates them', async () => {
    await seed(source(), 300);
    await writeFile(path.join(cwd(), 'flexflow-sync.yaml'), 'prune: false\n');
    const exported = await run(['export', '--layout', 'per-flow'], source());
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n').at(-2)).toBe('Exported 300 flows to flows.');
    expect(await readdir(path.join(cwd(), 'flows'))).toHaveLength(300);

    const validated = await run(['validate'], source());
    expect(validated.stderr).toBe('300 flows in 300 files: valid\n');
    expect(validated.code).toBe(0);

    const plan = await run(['plan', '--detailed-exitcode'], source());
    expect(plan.stderr).toBe('');
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);

    const applied = await run(['apply', '--auto-approve'], target());
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(await liveState(target())).toEqual(await liveState(source()));
  });

  it('one file with --vars: plan with the var file shows no changes', async () => {
    await seed(source(), 60);
    const exported = await run(['export', '--vars', 'vars/prod.yaml'], source());
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('wrote flows/flows.yaml (60 flows)\nwrote vars/prod.yaml (11 variables); pass it with --var-file\nExported 60 flows to flows.\n');
    const flowsYaml = await readFile(path.join(cwd(), 'flows/flows.yaml'), 'utf8');
    expect(flowsYaml).not.toMatch(/: (IS|FW|WS|WW)[0-9a-f]{32}$/m);
    const plan = await run(['plan', '--detailed-exitcode', '--var-file', 'vars/prod.yaml'], source());
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
  });
});

describe('export past the 1 MiB a flow file may hold', () => {
  it('splits the one file into flows-001.yaml, … each under 1 MiB; validate passes and plan shows no changes', async () => {
    const long = 'x'.repeat(200);
    source().preload(
      Array.from({ length: 2400 }, (_, i) => ({
        friendly_name: `${long} ${String(i).padStart(4, '0')}`,
        chat_service_sid: `IS${hex(1)}`,
        channel_type: 'web' as const,
        integration_type: 'external' as const,
        integration: { url: `https://hooks.example.com/${long}/${i}` },
      })),
    );
    const exported = await run(['export'], source());
    expect({ code: exported.code, stderr: exported.stderr }).toEqual({ code: 0, stderr: '' });
    const files = (await readdir(path.join(cwd(), 'flows'))).sort();
    expect(files).toEqual(['flows-001.yaml', 'flows-002.yaml']);
    for (const file of files) expect((await readFile(path.join(cwd(), 'flows', file))).length).toBeLessThanOrEqual(1024 * 1024);
    expect(exported.stdout).toBe('wrote flows/flows-001.yaml (1619 flows)\nwrote flows/flows-002.yaml (781 flows)\nExported 2400 flows to flows.\n');

    expect(await run(['validate'], source())).toEqual({ code: 0, stdout: '', stderr: '2400 flows in 2 files: valid\n' });
    const plan = await run(['plan', '--detailed-exitcode'], source());
    expect({ code: plan.code, stdout: plan.stdout, stderr: plan.stderr }).toEqual({ code: 0, stdout: 'No changes. 2400 flows unchanged.\n', stderr: '' });
  });
});

describe('export', () => {
  it('leaves out flows the settings ignore', async () => {
    await seed(source(), 10);
    await writeFile(path.join(cwd(), 'flexflow-sync.yaml'), 'ignore:\n  - "Support SMS*"\n');
    const exported = await run(['export'], source());
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe('wrote flows/flows.yaml (9 flows)\nExported 9 flows to flows; 1 ignored flow left out.\n');
    expect(await readFile(path.join(cwd(), 'flows/flows.yaml'), 'utf8')).not.toContain('Support SMS');
  });

  it('refuses to overwrite without --force and writes nothing; overwrites with --force', async () => {
    await seed(source(), 5);
    await mkdir(path.join(cwd(), 'flows'));
    const second = [...assignFileNames(Array.from({ length: 5 }, (_, i) => variedFlow(i).friendly_name)).values()].sort()[1] as string;
    await writeFile(path.join(cwd(), 'flows', second), 'keep me\n');

    const refused = await run(['export', '--layout', 'per-flow'], source());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`error: file exists: flows/${second}; nothing was written (use --force to overwrite)\n`);
    expect(await readdir(path.join(cwd(), 'flows'))).toEqual([second]);
    expect(await readFile(path.join(cwd(), 'flows', second), 'utf8')).toBe('keep me\n');

    const forced = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(forced.code).toBe(0);
    expect(await readdir(path.join(cwd(), 'flows'))).toHaveLength(5);
    expect(await readFile(path.join(cwd(), 'flows', second), 'utf8')).toMatch(/^# yaml-language-server: \$schema=https:\/\/unpkg\.com\//);
  });

  it('warns about other flow files in the folder', async () => {
    await seed(source(), 1);
    await mkdir(path.join(cwd(), 'flows/old'), { recursive: true });
    await writeFile(path.join(cwd(), 'flows/old/legacy.yml'), 'friendly_name: x\n');
    const exported = await run(['export'], source());
    expect(exported.code).toBe(0);
    expect(exported.stderr).toBe(
      'warning: flows also holds 1 other flow file (old/legacy.yml); flows declared there as well will be reported as duplicates by validate\n',
    );
  });

  it('an empty account writes nothing', async () => {
    const exported = await run(['export'], source());
    expect(exported).toEqual({ code: 0, stdout: 'Exported 0 flows to flows.\n', stderr: '' });
    await expect(readdir(path.join(cwd(), 'flows'))).rejects.toThrow();
  });

  it('rejects an unknown layout', async () => {
    const result = await run(['export', '--layout', 'zip'], source());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("argument 'zip' is invalid. Allowed choices are one-file, per-flow.");
  });
});

describe('export --vars', () => {
  it('refuses a var file inside the flows folder, where validate would read it as flows', async () => {
    const result = await run(['export', '--vars', 'flows/vars.yaml'], source());
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: --vars flows/vars.yaml: the var file must be outside the flows folder flows, where it would be read as a flow file\n',
    });
  });
});

describe('export of address configurations', () => {
  /** Creates an address configuration on the emulator as Twilio's helper library would, repeated parameters for a list. */
  async function createAddress(emulator: EmulatorHandle, pairs: [string, string][]): Promise<void> {
    const created = await emulatorRequest(emulator, 'POST', '/v1/Configuration/Addresses', { form: new URLSearchParams(pairs) });
    expect(created.status).toBe(201);
  }

  async function seedBoth(emulator: EmulatorHandle): Promise<void> {
    await seed(emulator, 2);
    await createAddress(emulator, [['Type', 'SMS'], ['Address', '+15005550006'], ['FriendlyName', 'Support'], ['AutoCreation.Enabled', 'true'], ['AutoCreation.Type', 'studio'], ['AutoCreation.StudioFlowSid', `FW${hex(7)}`], ['AutoCreation.StudioRetryCount', '2']]);
    await createAddress(emulator, [
      ['Type', 'whatsapp'],
      ['Address', 'whatsapp:+15005550007'],
      ['AutoCreation.Enabled', 'true'],
      ['AutoCreation.Type', 'webhook'],
      ['AutoCreation.ConversationServiceSid', `IS${hex(1)}`],
      ['AutoCreation.WebhookUrl', 'https://bot:s3cret@hooks.example.com/in'],
      ['AutoCreation.WebhookMethod', 'post'],
      ['AutoCreation.WebhookFilters', 'onParticipantAdded'],
      ['AutoCreation.WebhookFilters', 'onMessageAdded'],
    ]);
    await createAddress(emulator, [['Type', 'sms'], ['Address', '894546'], ['AddressCountry', 'US']]);
  }

  it('writes both kinds that validate back to what is live; the webhook password stays out', async () => {
    await seedBoth(source());
    const exported = await run(['export', '--vars', 'vars.yaml'], source());
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n')).toEqual([
      'wrote flows/address-configurations.yaml (3 address configurations)',
      'wrote flows/flows.yaml (2 flows)',
      'wrote vars.yaml (6 variables); pass it with --var-file',
      'Exported 2 flows and 3 address configurations to flows.',
      '',
    ]);
    const variable = /WEBHOOK_URL_[0-9A-F]{6}/.exec(exported.stderr)?.[0] ?? 'missing';
    expect(exported.stderr).toBe(
      `note: address configuration "whatsapp:+15005550007": auto_creation.webhook_url holds a password, so it is written as \${${variable}}; set FLEXFLOW_VAR_${variable} to the URL from a secret (never a committed file) before plan\n`,
    );
    const text = await readFile(path.join(cwd(), 'flows/address-configurations.yaml'), 'utf8');
    expect(text).not.toContain('s3cret');
    expect(await readFile(path.join(cwd(), 'vars.yaml'), 'utf8')).not.toContain('s3cret');

    const env = { ...emulatorEnv(source()), [`FLEXFLOW_VAR_${variable}`]: 'https://bot:s3cret@hooks.example.com/in' };
    const validated = await runCli(['validate', '--var-file', 'vars.yaml'], { cwd: cwd(), env });
    expect(validated).toEqual({ code: 0, stdout: '', stderr: '2 flows and 3 address configurations in 2 files: valid\n' });
    const loaded = await loadFlows({ dir: 'flows', cwd: cwd(), env, varFile: 'vars.yaml' });
    expect(loaded.resources.filter((resource) => resource.kind === 'address-configuration').map((resource) => resource.fields)).toEqual([
      { address: '+15005550006', type: 'sms', friendly_name: 'Support', auto_creation: { enabled: true, type: 'studio', studio_flow_sid: `FW${hex(7)}`, studio_retry_count: 2 } },
      { address: '894546', type: 'sms', address_country: 'US' },
      {
        address: 'whatsapp:+15005550007',
        type: 'whatsapp',
        auto_creation: {
          enabled: true,
          type: 'webhook',
          conversation_service_sid: `IS${hex(1)}`,
          webhook_url: 'https://bot:s3cret@hooks.example.com/in',
          webhook_method: 'post',
          webhook_filters: ['onMessageAdded', 'onParticipantAdded'],
        },
      },
    ]);

    const plan = await runCli(['plan', '--detailed-exitcode', '--var-file', 'vars.yaml'], { cwd: cwd(), env });
    expect(plan.stdout).toContain('No changes');
    expect(plan.code).toBe(0);
  });

  it('--kind chooses, repeated or as a comma list; an unknown kind is one line', async () => {
    await seedBoth(source());
    const onlyAddresses = await run(['export', '--kind', 'address-configuration', '--layout', 'per-flow'], source());
    expect(onlyAddresses.stdout.split('\n').at(-2)).toBe('Exported 3 address configurations to flows.');
    expect((await readdir(path.join(cwd(), 'flows'))).sort()).toEqual(['+15005550006.yaml', '894546.yaml', 'whatsapp-+15005550007.yaml']);
    const both = await run(['export', '--kind', 'flex-flow,address-configuration', '--kind', 'flex-flow', '--force'], source());
    expect(both.stdout.split('\n').at(-2)).toBe('Exported 2 flows and 3 address configurations to flows.');
    const wrong = await run(['export', '--kind', 'studio-flow'], source());
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('"studio-flow" is not a kind; the kinds are flex-flow, address-configuration');
  });
});
