import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../src/flows/load.js';
import { parseYamlText } from '../src/source/yamlSource.js';
import { CHANNEL_TYPES } from '../src/model/flexFlow.js';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { runCli } from './helpers/cli.js';
import { useTempDir, writeFlowsFolder } from './helpers/tempDir.js';
import { clientFor, resourceClientFor } from './helpers/flexClient.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';

const SMS = `# yaml-language-server: $schema=../schema/flexflow.schema.json
friendly_name: SMS Support
chat_service_sid: ${CHAT_SERVICE}
channel_type: sms
contact_identity: "+15005550006"
enabled: true
---
# The partner's bot; its password is a CI secret.
friendly_name: Partner Bot
chat_service_sid: ${CHAT_SERVICE}
channel_type: sms
contact_identity: "+15005550007"
integration_type: external
integration:
  url: https://bot:\${HOOK_PASSWORD}@hooks.example.com/in
`;
const WEB = `friendly_name: Web Chat
chat_service_sid: ${CHAT_SERVICE}
channel_type: web
contact_identity: web
integration_type: studio
integration:
  flow_sid: ${STUDIO_FLOW}
`;

describe('flexflow-sync migrate', () => {
  const dir = useTempDir('migrate-cli-');

  async function flows(files: Record<string, string>): Promise<string> {
    await writeFlowsFolder(dir(), files);
    return dir();
  }

  it("prints each flow's outcome and document with file:line (credentials redacted), and exits 2 when one cannot migrate", async () => {
    const cwd = await flows({ 'sms.yaml': SMS, 'web.yaml': WEB });
    expect(await runCli(['migrate'], { cwd })).toEqual({
      code: 2,
      stdout: `flows/sms.yaml:2:1: "SMS Support" migrates
    kind: address-configuration
    address: "+15005550006"
    type: sms
    friendly_name: SMS Support
    auto_creation:
      enabled: true
      conversation_service_sid: ${CHAT_SERVICE}
    migrated_from:
      flex_flow: SMS Support

flows/sms.yaml:9:1: "Partner Bot" migrates with attention
  flows/sms.yaml:15:3: the webhook must now handle Conversations events and create Interactions (not Tasks) through the Conversations API; webhook_method post and webhook_filters [onMessageAdded] are defaults chosen by migrate: review them
    kind: address-configuration
    address: "+15005550007"
    type: sms
    friendly_name: Partner Bot
    auto_creation:
      type: webhook
      conversation_service_sid: ${CHAT_SERVICE}
      webhook_url: https://***@hooks.example.com/in
      webhook_method: post
      webhook_filters: [onMessageAdded]
    migrated_from:
      flex_flow: Partner Bot

flows/web.yaml:1:1: "Web Chat" cannot migrate
  flows/web.yaml:3:1: channel_type web cannot migrate: Webchat 3 chat addresses are set up in the Flex Console (deployment keys), not through the API; set it up there, then delete this flow

3 Flex Flows: 2 migrate (1 with attention), 1 cannot.
`,
      stderr: 'run with --write to rewrite 1 file\n',
    });
    expect(await readFile(path.join(cwd, 'flows', 'sms.yaml'), 'utf8')).toBe(SMS);
  });

  it('exits 0 when every flow migrates', async () => {
    const cwd = await flows({ 'sms.yaml': SMS });
    expect((await runCli(['migrate'], { cwd })).code).toBe(0);
  });

  it('--format json prints a versioned report, without a webhook password', async () => {
    const cwd = await flows({ 'sms.yaml': SMS.replace('${HOOK_PASSWORD}', 'hunter2'), 'web.yaml': WEB });
    const result = await runCli(['migrate', '--format', 'json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('hunter2');
    // stdout holds the report alone; the next step goes to stderr, as with text.
    expect(result.stderr).toBe('run with --write to rewrite 1 file\n');
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      format_version: 1,
      summary: { migrates: 1, attention: 1, cannot_migrate: 1 },
      written: [],
      flows: [
        { file: 'flows/sms.yaml', line: 2, column: 1, friendly_name: 'SMS Support', outcome: 'migrates', notes: [], dropped: [] },
        {
          file: 'flows/sms.yaml',
          line: 9,
          friendly_name: 'Partner Bot',
          outcome: 'attention',
          address_configuration: { address: '+15005550007', auto_creation: { webhook_url: 'https://***@hooks.example.com/in' } },
          notes: [{ file: 'flows/sms.yaml', line: 15, column: 3, rule: 'webhook-events' }],
        },
        {
          file: 'flows/web.yaml',
          line: 1,
          outcome: 'cannot-migrate',
          address_configuration: null,
          notes: [{ rule: 'web-channel', line: 3 }],
        },
      ],
    });
  });

  it('--write replaces the migrating documents, keeps placeholders, and leaves files that cannot migrate untouched', async () => {
    const cwd = await flows({ 'sms.yaml': SMS, 'web.yaml': WEB });
    const webBefore = await stat(path.join(cwd, 'flows', 'web.yaml'));
    const result = await runCli(['migrate', '--write', '--format', 'json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('wrote 1 file (2 address configurations); review with git diff, then flexflow-sync plan\n');
    expect((JSON.parse(result.stdout) as { written: string[] }).written).toEqual(['flows/sms.yaml']);

    const written = await readFile(path.join(cwd, 'flows', 'sms.yaml'), 'utf8');
    expect(written.startsWith('# yaml-language-server: $schema=../schema/flexflow.schema.json\nkind: address-configuration\n')).toBe(true);
    expect(written).toContain("# The partner's bot; its password is a CI secret.\nkind: address-configuration\n");
    expect(written).toContain('webhook_url: https://bot:${HOOK_PASSWORD}@hooks.example.com/in\n');
    const read = parseYamlText(written, 'sms.yaml');
    expect(read.problems).toEqual([]);
    expect(read.documents.map((d) => [valueOf(d.value, 'kind'), valueOf(d.value, 'address'), valueOf(d.value, 'migrated_from')])).toEqual([
      ['address-configuration', '+15005550006', { flex_flow: 'SMS Support' }],
      ['address-configuration', '+15005550007', { flex_flow: 'Partner Bot' }],
    ]);

    expect(await readFile(path.join(cwd, 'flows', 'web.yaml'), 'utf8')).toBe(WEB);
    expect((await stat(path.join(cwd, 'flows', 'web.yaml'))).mtimeMs).toBe(webBefore.mtimeMs);
  });

  it('the written files validate, and a second run finds only what cannot migrate', async () => {
    const cwd = await flows({ 'sms.yaml': SMS, 'web.yaml': WEB });
    await runCli(['migrate', '--write'], { cwd });
    expect(await runCli(['validate'], { cwd, env: { FLEXFLOW_VAR_HOOK_PASSWORD: 'secret' } })).toEqual({
      code: 0,
      stdout: '',
      stderr: '1 flow and 2 address configurations in 2 files: valid\n',
    });
    const loaded = await loadFlows({ dir: 'flows', cwd, env: { FLEXFLOW_VAR_HOOK_PASSWORD: 'secret' } });
    expect(loaded.resources.map((resource) => [resource.kind, resource.migratedFrom, resource.fields.migrated_from])).toEqual([
      ['address-configuration', 'SMS Support', undefined],
      ['address-configuration', 'Partner Bot', undefined],
      ['flex-flow', undefined, undefined],
    ]);
    const again = await runCli(['migrate', '--write'], { cwd });
    expect({ code: again.code, summary: again.stdout.split('\n').at(-2), stderr: again.stderr }).toEqual({
      code: 2,
      summary: '1 Flex Flow: 0 migrate (0 with attention), 1 cannot.',
      stderr: 'nothing to write\n',
    });
  });

  it('a flow whose address a declared address configuration holds cannot migrate, and says so (validate refuses the pair)', async () => {
    const cwd = await flows({
      'sms.yaml': SMS.split('---')[0] as string,
      'addr.yaml': 'kind: address-configuration\naddress: "+15005550006"\ntype: sms\n',
    });
    const migrated = await runCli(['migrate', '--format', 'json'], { cwd });
    expect([migrated.code, JSON.stringify(JSON.parse(migrated.stdout))]).toEqual([
      2,
      expect.stringContaining('is also claimed by an address configuration at flows/addr.yaml:2:10'),
    ]);
    expect((await runCli(['validate'], { cwd })).stdout).toContain(
      'flows/sms.yaml:5:19: contact_identity "+15005550006" is also the address of the address configuration at flows/addr.yaml:2:10',
    );
  });

  it('validate checks migrated_from: only on address configurations, one printable name', async () => {
    const address = (n: number, migrated: string): string =>
      `---\nkind: address-configuration\naddress: '+1555000000${n}'\ntype: sms\nmigrated_from: ${migrated}\n`;
    const cwd = await flows({
      'a.yaml': [
        address(1, '{flex_flow: ""}'),
        address(2, 'Old name'),
        address(3, '{flex_flw: Old}'),
        address(4, '{flex_flow: "Old\\u202e"}'),
      ].join(''),
      'f.yaml': `friendly_name: F\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\nmigrated_from: {flex_flow: Old}\n`,
    });
    expect((await runCli(['validate'], { cwd })).stdout).toBe(
      'flows/a.yaml:5:28: migrated_from.flex_flow must not be empty; write a value\n' +
        'flows/a.yaml:10:16: migrated_from must be a mapping, got "Old name"\n' +
        'flows/a.yaml:15:16: missing required key "migrated_from.flex_flow"\n' +
        'flows/a.yaml:15:17: unknown key "flex_flw" in migrated_from; did you mean "flex_flow"?\n' +
        'flows/a.yaml:20:28: migrated_from.flex_flow must not hold control characters, bidirectional controls or unpaired surrogates (U+202E at character 4); remove it\n' +
        'flows/f.yaml:4:1: unknown key "migrated_from"; allowed keys: friendly_name, chat_service_sid, chat_service, channel_type, contact_identity, enabled, integration_type, long_lived, janitor_enabled, integration, renamed_from, kind\n',
    );
  });

  it('needs no value for ${NAME}, but refuses files with other problems and writes nothing', async () => {
    const cwd = await flows({ 'sms.yaml': SMS, 'bad.yaml': 'friendly_name: Bad\nchanel_type: sms\n' });
    const result = await runCli(['migrate', '--write'], { cwd });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'flows/bad.yaml:1:1: missing required key "channel_type" (Twilio requires it to create a flow)\n' +
        'flows/bad.yaml:1:1: missing required key "chat_service_sid" (Twilio requires it to create a flow); or give its name as chat_service\n' +
        'flows/bad.yaml:2:1: unknown key "chanel_type"; did you mean "channel_type"?\n' +
        'error: 3 problems in the flow files; fix them (flexflow-sync validate) and run migrate again\n',
    });
    expect(await readFile(path.join(cwd, 'flows', 'sms.yaml'), 'utf8')).toBe(SMS);
  });

  it('refuses a flows folder that does not exist', async () => {
    expect(await runCli(['migrate', '--dir', 'nowhere'], { cwd: dir() })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: flows folder nowhere does not exist; pass the right one with --dir (an empty folder manages no flow)\n',
    });
  });
});

function valueOf(value: unknown, key: string): unknown {
  const item = (value as Record<string, unknown>)[key];
  return item !== null && typeof item === 'object' ? JSON.parse(JSON.stringify(item)) : item;
}

describe('an exported account, migrated', () => {
  const cwd = useTempDir('migrate-account-');

  it('20 Flex Flows of every channel and integration type: export, migrate --write, validate, plan, apply, plan', async () => {
    const emulator = await withEmulator();
    const integrations = [
      { integration_type: 'studio' as const, integration: { flow_sid: STUDIO_FLOW, retry_count: 2 } },
      // A password in the URL: export writes it as a variable, and migrate must keep the variable.
      { integration_type: 'external' as const, integration: { url: 'https://bot:hunter2@hooks.example.com/in', retry_count: 3 } },
      {
        integration_type: 'task' as const,
        integration: { workspace_sid: `WS${'1'.repeat(32)}`, workflow_sid: `WW${'2'.repeat(32)}`, creation_on_message: true },
      },
      {},
    ];
    const identity = (channel: string, i: number): string =>
      ({
        sms: `+1555000${String(i).padStart(4, '0')}`,
        whatsapp: `whatsapp:+1555000${String(i).padStart(4, '0')}`,
        facebook: `messenger:${1000 + i}`,
      })[channel] ?? `${channel}:${i}`;
    emulator.preload(
      Array.from({ length: 20 }, (_, i) => {
        const channel = CHANNEL_TYPES[i % CHANNEL_TYPES.length]!;
        return {
          friendly_name: `Flow ${i}`,
          chat_service_sid: CHAT_SERVICE,
          channel_type: channel,
          contact_identity: identity(channel, i),
          enabled: true,
          long_lived: i % 4 === 0,
          ...integrations[Math.floor(i / CHANNEL_TYPES.length)],
        };
      }),
    );
    const env = emulatorEnv(emulator);
    const exported = await runCli(['export', '--layout', 'per-flow'], { cwd: cwd(), env });
    expect(exported.code).toBe(0);

    const migrated = await runCli(['migrate', '--write', '--format', 'json'], { cwd: cwd(), env: {} });
    expect(migrated.code).toBe(2);
    const report = JSON.parse(migrated.stdout) as {
      summary: unknown;
      written: string[];
      flows: { friendly_name: string; outcome: string }[];
    };
    // Migrating: sms, facebook and whatsapp with studio or external, and sms with no integration (Flow 19).
    expect(report.summary).toEqual({ migrates: 1, attention: 6, cannot_migrate: 13 });
    expect(
      report.flows
        .filter((flow) => flow.outcome !== 'cannot-migrate')
        .map((flow) => flow.friendly_name)
        .sort(),
    ).toEqual(['Flow 1', 'Flow 2', 'Flow 3', 'Flow 7', 'Flow 8', 'Flow 9', 'Flow 19'].sort());
    expect(report.written).toHaveLength(7);

    const webhook = await readFile(path.join(cwd(), 'flows/flow-7.yaml'), 'utf8');
    expect(webhook).toContain('webhook_url: https://${WEBHOOK_CREDENTIALS_FLOW_7}@hooks.example.com/in\n');
    expect(webhook).not.toContain('hunter2');

    const files = await readdir(path.join(cwd(), 'flows'));
    const texts = await Promise.all(files.map((file) => readFile(path.join(cwd(), 'flows', file), 'utf8')));
    const variables = [...texts.join('').matchAll(/\$\{(WEBHOOK_CREDENTIALS_[0-9A-Z_]+)\}/g)].map((match) => `FLEXFLOW_VAR_${match[1]}`);
    expect(variables).toHaveLength(6);
    const validated = await runCli(['validate'], { cwd: cwd(), env: Object.fromEntries(variables.map((name) => [name, 'bot:hunter2'])) });
    expect(validated).toEqual({ code: 0, stdout: '', stderr: '13 flows and 7 address configurations in 20 files: valid\n' });

    // Prune is off: each migrated_from still pairs with its live flow, as one migration.
    const secrets = { ...env, ...Object.fromEntries(variables.map((name) => [name, 'bot:hunter2'])) };
    const planned = await runCli(['plan'], { cwd: cwd(), env: secrets });
    expect(planned.code).toBe(0);
    expect(planned.stdout.split('\n')[0]).toBe('Plan: 7 to migrate, 0 to create, 0 to update, 0 to delete, 13 unchanged');
    expect(planned.stdout).toContain(
      `    » migrate "Flow 1" ${(await clientFor(emulator).list()).find((flow) => flow.friendly_name === 'Flow 1')?.sid} (sms +15550000001) → sms +15550000001\n`,
    );
    expect(await clientFor(emulator).list()).toHaveLength(20);

    const applied = await runCli(['apply', '--auto-approve'], { cwd: cwd(), env: secrets });
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await resourceClientFor(ADDRESS_CONFIGURATION, emulator).list()).map((address) => address.friendly_name).sort()).toEqual(
      report.flows
        .filter((flow) => flow.outcome !== 'cannot-migrate')
        .map((flow) => flow.friendly_name)
        .sort(),
    );
    expect((await clientFor(emulator).list()).map((flow) => flow.friendly_name).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `Flow ${i}`)
        .filter((name) => !report.flows.some((flow) => flow.friendly_name === name && flow.outcome !== 'cannot-migrate'))
        .sort(),
    );
    const again = await runCli(['plan', '--detailed-exitcode'], { cwd: cwd(), env: secrets });
    expect({ code: again.code, stdout: again.stdout.split('\n')[0] }).toEqual({
      code: 0,
      stdout: 'No changes. 13 flows and 7 address configurations unchanged.',
    });
  });
});
