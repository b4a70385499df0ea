import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
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
  return new Map(
    live.map((flow) => [flow.friendly_name, liveToFields(FLEX_FLOW, flow as unknown as LiveResource) as unknown as FlowFields]),
  );
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
    expect(exported.stdout).toBe(
      'wrote flows/flows.yaml (60 flows)\nwrote vars/prod.yaml (11 variables; mode 0600); pass it with --var-file, and add it to .gitignore\nExported 60 flows to flows.\n',
    );
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
    expect(exported.stdout).toBe(
      'wrote flows/flows-001.yaml (1619 flows)\nwrote flows/flows-002.yaml (781 flows)\nExported 2400 flows to flows.\n',
    );

    expect(await run(['validate'], source())).toEqual({ code: 0, stdout: '', stderr: '2400 flows in 2 files: valid\n' });
    const plan = await run(['plan', '--detailed-exitcode'], source());
    expect({ code: plan.code, stdout: plan.stdout, stderr: plan.stderr }).toEqual({
      code: 0,
      stdout: 'No changes. 2400 flows unchanged.\n',
      stderr: '',
    });
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

  it('refuses to overwrite its own changed files without --force; never overwrites a hand-written file, even with --force', async () => {
    await seed(source(), 5);
    await mkdir(path.join(cwd(), 'flows'));
    const second = [...assignFileNames(Array.from({ length: 5 }, (_, i) => variedFlow(i).friendly_name)).values()].sort()[1] as string;
    await writeFile(path.join(cwd(), 'flows', second), 'keep me\n');

    const first = await run(['export', '--layout', 'per-flow'], source());
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      new RegExp(
        `^warning: kept flows/${second.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not written by export, so flow .* was not written; to export it, move the file away \\(or use another --dir\\) and run again\n`,
      ),
    );
    expect(await readdir(path.join(cwd(), 'flows'))).toHaveLength(5);

    const client = clientFor(source());
    await Promise.all((await client.list()).map((flow) => client.update(flow.sid, { enabled: !flow.enabled })));
    const refused = await run(['export', '--layout', 'per-flow'], source());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: 4 files exist: flows\/.*; nothing was written \(use --force to overwrite\)\n$/);

    const forced = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('wrote flows/');
    expect(forced.stderr).toContain(`warning: kept flows/${second}: not written by export`);
    expect(await readFile(path.join(cwd(), 'flows', second), 'utf8')).toBe('keep me\n');
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

  it("points the schema comment at the repository's schema/ when there is one, relative to each file, from any working directory", async () => {
    await seed(source(), 2);
    await mkdir(path.join(cwd(), 'work/repo/.git'), { recursive: true });
    await mkdir(path.join(cwd(), 'work/repo/schema'));
    await writeFile(path.join(cwd(), 'work/repo/schema/flexflow.schema.json'), '{}');
    expect((await run(['export', '--dir', 'work/repo/config/flows'], source())).code).toBe(0);
    expect((await readFile(path.join(cwd(), 'work/repo/config/flows/flows.yaml'), 'utf8')).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../schema/flexflow.schema.json',
    );
    expect((await run(['export', '--dir', 'elsewhere/flows'], source())).code).toBe(0);
    expect((await readFile(path.join(cwd(), 'elsewhere/flows/flows.yaml'), 'utf8')).split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/flexflow-sync@\d+\.\d+\.\d+\/schema\/flexflow\.schema\.json$/,
    );
  });

  it('from a working directory above this package, the schema comment is still the published URL, never a path into the installing machine', async () => {
    await seed(source(), 1);
    const exported = await runCli(['export', '--dir', path.join(cwd(), 'proj/flows')], { cwd: '/', env: emulatorEnv(source()) });
    expect(exported.code).toBe(0);
    expect((await readFile(path.join(cwd(), 'proj/flows/flows.yaml'), 'utf8')).split('\n')[0]).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/unpkg\.com\//,
    );
  });

  it('warns, file:line:col, about live values the files refuse, and exits 1', async () => {
    const client = clientFor(source());
    await client.create({ friendly_name: 'Cafe\u0301 chat', chat_service_sid: `IS${hex(1)}`, channel_type: 'web' });
    await client.create({ friendly_name: 'Fine', chat_service_sid: `IS${hex(1)}`, channel_type: 'web' });
    const exported = await run(['export'], source());
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(
      /^warning: flows\/flows\.yaml:\d+:\d+: .*\n1 problem in what export wrote: the account holds values that the files refuse; change them in the Console \(or in the files\) before planning\n$/,
    );
    const validated = await run(['validate'], source());
    expect(validated.code).toBe(1);
    expect(exported.stderr.split('\n')[0]).toBe(`warning: ${validated.stdout.trim()}`);
  });

  it('--dir naming a file is one line that names it', async () => {
    await seed(source(), 1);
    await writeFile(path.join(cwd(), 'afile'), 'x\n');
    expect(await run(['export', '--dir', 'afile'], source())).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: --dir afile is not a folder; name the folder to write the flow files to\n',
    });
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
    await createAddress(emulator, [
      ['Type', 'SMS'],
      ['Address', '+15005550006'],
      ['FriendlyName', 'Support'],
      ['AutoCreation.Enabled', 'true'],
      ['AutoCreation.Type', 'studio'],
      ['AutoCreation.StudioFlowSid', `FW${hex(7)}`],
      ['AutoCreation.StudioRetryCount', '2'],
    ]);
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
    await createAddress(emulator, [
      ['Type', 'sms'],
      ['Address', '894546'],
      ['AddressCountry', 'US'],
    ]);
  }

  it('writes both kinds that validate back to what is live; the webhook password stays out', async () => {
    await seedBoth(source());
    const exported = await run(['export', '--vars', 'vars.yaml'], source());
    expect(exported.code).toBe(0);
    expect(exported.stdout.split('\n')).toEqual([
      'wrote flows/address-configurations.yaml (3 address configurations)',
      'wrote flows/flows.yaml (2 flows)',
      'wrote vars.yaml (7 variables, 1 webhook secret; mode 0600); pass it with --var-file, and add it to .gitignore',
      'Exported 2 flows and 3 address configurations to flows.',
      '',
    ]);
    expect(exported.stderr).toBe(
      'note: address configuration "whatsapp:+15005550007": auto_creation.webhook_url holds a secret, written as ${WEBHOOK_CREDENTIALS_WHATSAPP_15005550007}; its value is in the var file\n',
    );
    const text = await readFile(path.join(cwd(), 'flows/address-configurations.yaml'), 'utf8');
    expect(text).not.toContain('s3cret');
    expect(text).toContain('webhook_url: https://${WEBHOOK_CREDENTIALS_WHATSAPP_15005550007}@hooks.example.com/in\n');
    expect(await readFile(path.join(cwd(), 'vars.yaml'), 'utf8')).toContain('WEBHOOK_CREDENTIALS_WHATSAPP_15005550007: bot:s3cret\n');
    expect((await stat(path.join(cwd(), 'vars.yaml'))).mode & 0o777).toBe(0o600);

    const env = emulatorEnv(source());
    const validated = await runCli(['validate', '--var-file', 'vars.yaml'], { cwd: cwd(), env });
    expect(validated).toEqual({ code: 0, stdout: '', stderr: '2 flows and 3 address configurations in 2 files: valid\n' });
    const loaded = await loadFlows({ dir: 'flows', cwd: cwd(), env, varFile: 'vars.yaml' });
    expect(loaded.resources.filter((resource) => resource.kind === 'address-configuration').map((resource) => resource.fields)).toEqual([
      {
        address: '+15005550006',
        type: 'sms',
        friendly_name: 'Support',
        auto_creation: { enabled: true, type: 'studio', studio_flow_sid: `FW${hex(7)}`, studio_retry_count: 2 },
      },
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

describe('export again after changes in the Console', () => {
  const flowsDir = (...parts: string[]): string => path.join(cwd(), 'flows', ...parts);

  /** Three flows, one with a contact identity; returns the SID of each by name. */
  async function seedThree(emulator: EmulatorHandle): Promise<Map<string, string>> {
    const client = clientFor(emulator);
    const created = await Promise.all([
      client.create({
        friendly_name: 'Support SMS',
        chat_service_sid: `IS${hex(1)}`,
        channel_type: 'sms',
        contact_identity: '+15005550001',
      }),
      client.create({ friendly_name: 'Web chat', chat_service_sid: `IS${hex(1)}`, channel_type: 'web' }),
      client.create({ friendly_name: 'Old promo', chat_service_sid: `IS${hex(1)}`, channel_type: 'web' }),
    ]);
    return new Map(created.map((flow) => [flow.friendly_name, flow.sid]));
  }

  it('per-flow --force: removes the file of a renamed flow and of a deleted one, suggests renamed_from, keeps edited and hand-written files; plan says No changes', async () => {
    const sids = await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    expect((await readdir(flowsDir())).sort()).toEqual(['old-promo.yaml', 'support-sms.yaml', 'web-chat.yaml']);
    await writeFile(flowsDir('hand-written.yaml'), 'friendly_name: Web chat 2\nchat_service_sid: IS' + hex(1) + '\nchannel_type: web\n');

    const client = clientFor(source());
    await client.update(sids.get('Support SMS') as string, { friendly_name: 'Support SMS (US)' });
    await client.update(sids.get('Web chat') as string, { friendly_name: 'Web chat (new)' });
    await client.remove(sids.get('Old promo') as string);
    const edited = `${await readFile(flowsDir('web-chat.yaml'), 'utf8')}# reviewed\n`;
    await writeFile(flowsDir('web-chat.yaml'), edited);

    const again = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(again.code).toBe(0);
    expect(again.stdout.split('\n')).toEqual([
      'wrote flows/support-sms-us.yaml (1 flow)',
      'wrote flows/web-chat-new.yaml (1 flow)',
      'removed flows/old-promo.yaml (written by an earlier export): flow "Old promo" is no longer live',
      'removed flows/support-sms.yaml (written by an earlier export): flow "Support SMS" is no longer live',
      'Exported 2 flows to flows.',
      '',
    ]);
    expect(again.stderr.split('\n')).toEqual([
      'warning: kept flows/web-chat.yaml: flow "Web chat" is no longer live, but the file was edited since export wrote it; remove it (rm flows/web-chat.yaml) unless it is meant to declare that',
      'note: flow "Support SMS" looks renamed to "Support SMS (US)" (same contact_identity): add renamed_from: "Support SMS" to its document in flows/support-sms-us.yaml, so that accounts that still have "Support SMS" rename it instead of deleting it and creating another',
      'warning: flows also holds 1 other flow file (hand-written.yaml); flows declared there as well will be reported as duplicates by validate',
      '',
    ]);
    expect((await readdir(flowsDir())).sort()).toEqual(['hand-written.yaml', 'support-sms-us.yaml', 'web-chat-new.yaml', 'web-chat.yaml']);
    expect(await readFile(flowsDir('web-chat.yaml'), 'utf8')).toBe(edited);

    const { rm } = await import('node:fs/promises');
    await rm(flowsDir('web-chat.yaml'));
    await rm(flowsDir('hand-written.yaml'));
    const plan = await run(['plan', '--detailed-exitcode'], source());
    expect({ code: plan.code, stdout: plan.stdout }).toEqual({ code: 0, stdout: 'No changes. 2 flows unchanged.\n' });
  });

  it('--force keeps a file edited since export wrote it (a renamed_from line, a second document) and says so; an unchanged re-export needs no --force', async () => {
    await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    const same = await run(['export', '--layout', 'per-flow'], source());
    expect({ code: same.code, stderr: same.stderr }).toEqual({ code: 0, stderr: '' });
    expect(same.stdout).toContain('unchanged flows/web-chat.yaml (1 flow)\n');

    const renamed = (await readFile(flowsDir('web-chat.yaml'), 'utf8')).replace(
      'friendly_name: Web chat\n',
      'friendly_name: Web chat\nrenamed_from: ["Old chat"]\n',
    );
    await writeFile(flowsDir('web-chat.yaml'), renamed);
    const appended = `${await readFile(flowsDir('old-promo.yaml'), 'utf8')}---\nfriendly_name: Extra flow hand written\nchat_service_sid: IS${hex(1)}\nchannel_type: web\n`;
    await writeFile(flowsDir('old-promo.yaml'), appended);

    const again = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('unchanged flows/support-sms.yaml (1 flow)\nExported 3 flows to flows.\n');
    expect(again.stderr.split('\n')).toEqual([
      'warning: kept flows/old-promo.yaml: edited since export wrote it, so flow "Old promo" was not written; to export it, move the file away (or use another --dir) and run again',
      'warning: kept flows/web-chat.yaml: edited since export wrote it, so flow "Web chat" was not written; to export it, move the file away (or use another --dir) and run again',
      '',
    ]);
    expect(await readFile(flowsDir('web-chat.yaml'), 'utf8')).toBe(renamed);
    expect(await readFile(flowsDir('old-promo.yaml'), 'utf8')).toBe(appended);
  });

  it('--force from an account that lacks most of the flows removes none of their files (max_delete_fraction)', async () => {
    const client = clientFor(source());
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        client.create({ friendly_name: `Flow ${i}`, chat_service_sid: `IS${hex(1)}`, channel_type: 'web' }),
      ),
    );
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    await clientFor(target()).create({ friendly_name: 'Flow 0', chat_service_sid: `IS${hex(1)}`, channel_type: 'web' });

    const wrong = await run(['export', '--layout', 'per-flow', '--force'], target());
    expect(wrong.code).toBe(0);
    expect(wrong.stderr.split('\n')[0]).toBe(
      'warning: kept 11 files of the 12 export wrote in flows whose resources this account lacks: more than max_delete_fraction (0.3) of them (the wrong account?); rm those that are gone by hand, or raise max_delete_fraction in the settings',
    );
    expect(wrong.stderr).toContain(
      'warning: kept flows/flow-1.yaml (written by an earlier export): flow "Flow 1" is no longer live; rm flows/flow-1.yaml if it is gone\n',
    );
    expect(wrong.stdout).not.toContain('removed');
    expect(await readdir(flowsDir())).toHaveLength(12);
  });

  it("a file checked out with CRLF line endings still counts as export's, unchanged", async () => {
    const sids = await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    await writeFile(flowsDir('old-promo.yaml'), (await readFile(flowsDir('old-promo.yaml'), 'utf8')).replaceAll('\n', '\r\n'));
    await clientFor(source()).remove(sids.get('Old promo') as string);
    const again = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(again.stdout).toContain('removed flows/old-promo.yaml (written by an earlier export): flow "Old promo" is no longer live\n');
  });

  it('no renamed_from note for a deleted flow whose contact_identity a flow the files already declared shares', async () => {
    await seedThree(source());
    const twin = await clientFor(source()).create({
      friendly_name: 'Old SMS',
      chat_service_sid: `IS${hex(1)}`,
      channel_type: 'sms',
      contact_identity: '+15005550001',
      enabled: false,
    });
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    await clientFor(source()).remove(twin.sid);
    const again = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(again.stdout).toContain('removed flows/old-sms.yaml (written by an earlier export): flow "Old SMS" is no longer live\n');
    expect(again.stderr).toBe('');
  });

  it("does not read a file over validate's 1 MiB cap as export's own", async () => {
    const sids = await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    await writeFile(flowsDir('old-promo.yaml'), `${await readFile(flowsDir('old-promo.yaml'), 'utf8')}#${'x'.repeat(1024 * 1024)}\n`);
    await clientFor(source()).remove(sids.get('Old promo') as string);
    const again = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(again.stderr).toBe(
      'warning: flows also holds 1 other flow file (old-promo.yaml); flows declared there as well will be reported as duplicates by validate\n',
    );
  });

  it('one-file: a rename in the Console gets the renamed_from note too', async () => {
    const sids = await seedThree(source());
    expect((await run(['export'], source())).code).toBe(0);
    await clientFor(source()).update(sids.get('Support SMS') as string, { friendly_name: 'Support SMS (US)' });
    const again = await run(['export', '--force'], source());
    expect({ code: again.code, stdout: again.stdout }).toEqual({
      code: 0,
      stdout: 'wrote flows/flows.yaml (3 flows)\nExported 3 flows to flows.\n',
    });
    expect(again.stderr).toBe(
      'note: flow "Support SMS" looks renamed to "Support SMS (US)" (same contact_identity): add renamed_from: "Support SMS" to its document in flows/flows.yaml, ' +
        'so that accounts that still have "Support SMS" rename it instead of deleting it and creating another\n',
    );
  });

  it('without --force it lists what it would remove and removes nothing; a change of layout is refused whole', async () => {
    const sids = await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    const client = clientFor(source());
    await client.remove(sids.get('Old promo') as string);
    const again = await run(['export', '--layout', 'per-flow'], source());
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(
      'warning: kept flows/old-promo.yaml (written by an earlier export): flow "Old promo" is no longer live; run export again with --force to remove it, or rm flows/old-promo.yaml\n',
    );

    const layout = await run(['export', '--layout', 'one-file'], source());
    expect(layout).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: support-sms.yaml, web-chat.yaml (written by an earlier export, another --layout) declare what this export writes to other files; nothing was written, since the folder would declare them twice: run again with --force to write them and remove those\n',
    });

    await client.update(sids.get('Web chat') as string, { long_lived: true });
    const refused = await run(['export', '--layout', 'per-flow'], source());
    expect(refused.stderr).toBe(
      'error: file exists: flows/web-chat.yaml; nothing was written (use --force to overwrite); --force would also remove 1 file nothing live backs: old-promo.yaml\n',
    );
    expect((await readdir(flowsDir())).sort()).toEqual(['old-promo.yaml', 'support-sms.yaml', 'web-chat.yaml']);
  });

  it('an account with no flows at all (the wrong one?) removes none of the flow files', async () => {
    await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    const empty = await run(['export', '--layout', 'per-flow', '--force'], target());
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('Exported 0 flows to flows.\n');
    expect(empty.stderr.split('\n')[0]).toBe(
      'warning: kept flows/old-promo.yaml (written by an earlier export): flow "Old promo" is no longer live, but this account has no flows at all, so export removes none (the wrong account?); rm flows/old-promo.yaml if it is gone',
    );
    expect((await readdir(flowsDir())).sort()).toEqual(['old-promo.yaml', 'support-sms.yaml', 'web-chat.yaml']);
  });

  it('keeps a file whose flow the settings now ignore, and names a stamped file that no longer reads as YAML', async () => {
    await seedThree(source());
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    await writeFile(path.join(cwd(), 'flexflow-sync.yaml'), 'ignore:\n  - Web chat\n');
    const broken = (await readFile(flowsDir('old-promo.yaml'), 'utf8')).replace('friendly_name: Old promo', 'friendly_name: [');
    await writeFile(flowsDir('old-promo.yaml'), broken);
    const again = await run(['export', '--layout', 'one-file', '--force'], source());
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'wrote flows/flows.yaml (2 flows)\nremoved flows/support-sms.yaml (written by an earlier export): flow "Support SMS" is now in flows/flows.yaml\nExported 2 flows to flows; 1 ignored flow left out.\n',
    );
    expect(again.stderr.split('\n')).toEqual([
      'warning: kept flows/web-chat.yaml (written by an earlier export): it declares flow "Web chat", live but left out of this export by the settings\' ignore',
      'warning: flows also holds 1 other flow file (old-promo.yaml); flows declared there as well will be reported as duplicates by validate',
      '',
    ]);
    expect((await readdir(flowsDir())).sort()).toEqual(['flows.yaml', 'old-promo.yaml', 'web-chat.yaml']);
  });

  it("a change of layout with --force removes the other layout's files; another kind's files and files outside --dir stay", async () => {
    await seedThree(source());
    await emulatorRequest(source(), 'POST', '/v1/Configuration/Addresses', {
      form: new URLSearchParams([
        ['Type', 'sms'],
        ['Address', '+15005550009'],
      ]),
    });
    expect((await run(['export', '--layout', 'per-flow'], source())).code).toBe(0);
    await mkdir(path.join(cwd(), 'elsewhere'));
    const outside = path.join(cwd(), 'elsewhere/support-sms.yaml');
    await writeFile(outside, await readFile(flowsDir('support-sms.yaml'), 'utf8'));

    const oneFile = await run(['export', '--layout', 'one-file', '--kind', 'flex-flow', '--force'], source());
    expect(oneFile.stdout.split('\n')).toEqual([
      'wrote flows/flows.yaml (3 flows)',
      'removed flows/old-promo.yaml (written by an earlier export): flow "Old promo" is now in flows/flows.yaml',
      'removed flows/support-sms.yaml (written by an earlier export): flow "Support SMS" is now in flows/flows.yaml',
      'removed flows/web-chat.yaml (written by an earlier export): flow "Web chat" is now in flows/flows.yaml',
      'Exported 3 flows to flows.',
      '',
    ]);
    expect(oneFile.stderr).toBe('');
    expect((await readdir(flowsDir())).sort()).toEqual(['+15005550009.yaml', 'flows.yaml']);
    expect(await readFile(outside, 'utf8')).toContain('friendly_name: Support SMS');

    const back = await run(['export', '--layout', 'per-flow', '--force'], source());
    expect(back.stdout).toContain('removed flows/flows.yaml (written by an earlier export): 3 flows now in other files\n');
    expect((await readdir(flowsDir())).sort()).toEqual(['+15005550009.yaml', 'old-promo.yaml', 'support-sms.yaml', 'web-chat.yaml']);
    const plan = await run(['plan', '--detailed-exitcode'], source());
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('export --vars for several accounts', () => {
  /** The same flows in each account, with that account's SIDs and webhook secret. */
  async function seedAccount(emulator: EmulatorHandle, n: number): Promise<void> {
    const client = clientFor(emulator);
    await client.create({
      friendly_name: 'Support SMS',
      chat_service_sid: `IS${hex(n)}`,
      channel_type: 'sms',
      integration_type: 'studio',
      integration: { flow_sid: `FW${hex(n)}` },
    });
    await client.create({
      friendly_name: 'Sales chat',
      chat_service_sid: `IS${hex(n)}`,
      channel_type: 'web',
      integration_type: 'studio',
      integration: { flow_sid: `FW${hex(n + 100)}` },
    });
    await client.create({
      friendly_name: 'Bot',
      chat_service_sid: `IS${hex(n)}`,
      channel_type: 'web',
      integration_type: 'external',
      integration: { url: `https://bot:pw-${n}@hooks.example.com/in?token=tok-${n}&lang=en` },
    });
  }

  it('two accounts that differ only in SIDs and secrets share identical flow files; each gets its own 0600 var file; each plans clean', async () => {
    await seedAccount(source(), 1);
    await seedAccount(target(), 2);
    const first = await run(['export', '--layout', 'per-flow', '--vars'], source());
    expect(first.code).toBe(0);
    const firstVars = `vars/${source().accountSid}.yaml`;
    expect(first.stdout).toContain(
      `wrote ${firstVars} (5 variables, 2 webhook secrets; mode 0600); pass it with --var-file, and add it to .gitignore\n`,
    );
    const names = (await readdir(path.join(cwd(), 'flows'))).sort();
    const files = async (): Promise<string[]> => Promise.all(names.map((name) => readFile(path.join(cwd(), 'flows', name), 'utf8')));
    const before = await files();
    for (const secret of ['pw-1', 'tok-1', `IS${hex(1)}`, `FW${hex(1)}`]) expect(before.join('')).not.toContain(secret);
    expect(before.join('')).toContain('url: https://${WEBHOOK_CREDENTIALS_BOT}@hooks.example.com/in?token=${WEBHOOK_TOKEN_BOT}&lang=en\n');
    expect(before.join('')).toContain('flow_sid: ${FLOW_SID_SALES_CHAT}\n');

    const second = await run(['export', '--layout', 'per-flow', '--vars', 'vars/staging.yaml'], target());
    expect(second.code).toBe(0);
    expect((await readdir(path.join(cwd(), 'flows'))).sort()).toEqual(names);
    expect(await files()).toEqual(before);

    const firstText = await readFile(path.join(cwd(), firstVars), 'utf8');
    const secondText = await readFile(path.join(cwd(), 'vars/staging.yaml'), 'utf8');
    expect(firstText).toContain('WEBHOOK_CREDENTIALS_BOT: bot:pw-1\nWEBHOOK_TOKEN_BOT: tok-1\n');
    expect(secondText).toContain(`CHAT_SERVICE_SID: IS${hex(2)}\n`);
    for (const file of [firstVars, 'vars/staging.yaml']) expect((await stat(path.join(cwd(), file))).mode & 0o777).toBe(0o600);

    expect((await run(['plan', '--detailed-exitcode', '--var-file', firstVars], source())).stdout).toBe('No changes. 3 flows unchanged.\n');
    expect((await run(['plan', '--detailed-exitcode', '--var-file', 'vars/staging.yaml'], target())).stdout).toBe(
      'No changes. 3 flows unchanged.\n',
    );
  });

  it('names the other var files that lack a variable the flow files now use', async () => {
    await seedAccount(source(), 1);
    const client = clientFor(target());
    await client.create({
      friendly_name: 'Support SMS',
      chat_service_sid: `IS${hex(2)}`,
      channel_type: 'sms',
      integration_type: 'studio',
      integration: { flow_sid: `FW${hex(2)}` },
    });
    await client.create({
      friendly_name: 'Sales chat',
      chat_service_sid: `IS${hex(3)}`,
      channel_type: 'web',
      integration_type: 'studio',
      integration: { flow_sid: `FW${hex(102)}` },
    });
    expect((await run(['export', '--vars', 'vars/a.yaml'], source())).code).toBe(0);
    const second = await run(['export', '--vars', 'vars/b.yaml', '--force'], target());
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(
      'warning: vars/a.yaml does not define CHAT_SERVICE_SID_SALES_CHAT, CHAT_SERVICE_SID_SUPPORT_SMS, which the flow files now use: export that account again with --vars vars/a.yaml --force, or add them\n',
    );
  });

  it('an existing var file with looser permissions is rewritten 0600', async () => {
    await seedAccount(source(), 1);
    await mkdir(path.join(cwd(), 'vars'));
    await writeFile(path.join(cwd(), 'vars/dev.yaml'), 'OLD: 1\n');
    await chmod(path.join(cwd(), 'vars/dev.yaml'), 0o644);
    expect((await run(['export', '--vars', 'vars/dev.yaml', '--force'], source())).code).toBe(0);
    expect((await stat(path.join(cwd(), 'vars/dev.yaml'))).mode & 0o777).toBe(0o600);
  });

  it('--force merges into an existing var file: keys this export does not write stay, and it says which', async () => {
    await seedAccount(source(), 1);
    expect((await run(['export', '--vars', 'vars/dev.yaml'], source())).code).toBe(0);
    const exported = await readFile(path.join(cwd(), 'vars/dev.yaml'), 'utf8');
    await writeFile(
      path.join(cwd(), 'vars/dev.yaml'),
      `${exported.replace(`CHAT_SERVICE_SID: IS${hex(1)}`, `CHAT_SERVICE_SID: IS${hex(9)}`)}MY_EXTRA: kept\n`,
    );
    const again = await run(['export', '--vars', 'vars/dev.yaml', '--force'], source());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'wrote vars/dev.yaml (5 variables, 2 webhook secrets; kept 1 variable this export does not write: MY_EXTRA; mode 0600)',
    );
    const text = await readFile(path.join(cwd(), 'vars/dev.yaml'), 'utf8');
    expect(text).toContain('MY_EXTRA: kept\n');
    expect(text).toContain(`CHAT_SERVICE_SID: IS${hex(1)}\n`);
    expect(text).toContain('WEBHOOK_TOKEN_BOT: tok-1\n');

    await writeFile(path.join(cwd(), 'vars/dev.yaml'), '- not a map\n');
    const broken = await run(['export', '--vars', 'vars/dev.yaml', '--force'], source());
    expect({ code: broken.code, stderr: broken.stderr }).toEqual({
      code: 1,
      stderr:
        'error: vars/dev.yaml:1:1: a var file must be a mapping NAME: value; export keeps the variables a var file holds: fix it, or move it away, and run again\n',
    });
  });
});
