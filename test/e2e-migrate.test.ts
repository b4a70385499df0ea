import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { escapeMarkdown } from '../src/render/escapeMarkdown.js';
import { runCli } from './helpers/cli.js';
import { clientFor, resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE, STUDIO_FLOW, WORKFLOW, WORKSPACE } from './helpers/fixtures.js';
import type { FlowValues } from '../src/emulator/store.js';

const NUMBER = '+15550001111';

const MIGRATED = `kind: address-configuration
address: "${NUMBER}"
type: sms
friendly_name: SMS Support
auto_creation:
  enabled: true
  type: studio
  conversation_service_sid: ${CHAT_SERVICE}
  studio_flow_sid: ${STUDIO_FLOW}
  studio_retry_count: 2
migrated_from:
  flex_flow: SMS Support
`;

describe('a migration whose address configuration cannot be created', () => {
  const dir = useTempDir('ffs-e2e-migrate-');

  it('puts the Flex Flow back with the same fields, exits 1, and a second apply completes the migration', async () => {
    const stateFile = join(dir(), 'state.json');
    const faulty = await withEmulator({ stateFile, failCreateName: NUMBER });
    faulty.preload([
      {
        friendly_name: 'SMS Support',
        chat_service_sid: CHAT_SERVICE,
        channel_type: 'sms',
        contact_identity: NUMBER,
        enabled: true,
        integration_type: 'studio',
        integration: { flow_sid: STUDIO_FLOW, retry_count: 2 },
      },
    ]);
    const [original] = await clientFor(faulty).list();
    await mkdir(join(dir(), 'flows'));
    await writeFile(join(dir(), 'flows', 'sms.yaml'), MIGRATED);

    const failed = await runCli(['apply', '--auto-approve'], { cwd: dir(), env: emulatorEnv(faulty) });
    const [restored] = await clientFor(faulty).list();
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      `\n↺ not migrated "SMS Support" (${original?.sid}) → address configuration "${NUMBER}": the flow was deleted, then re-created as ${restored?.sid} (a new SID) ` +
        `because address configuration "${NUMBER}", which it migrates to, could not be created\n`,
    );
    expect(failed.stdout).toContain('\nApply finished with failures: 0 created, 0 updated, 0 deleted, 1 failed, 1 restored.\n');
    // The same fields; only what Twilio assigns (SID, dates, URL) is new.
    const fields = (flow: unknown): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(flow as Record<string, unknown>).filter(([key]) => !['sid', 'date_created', 'date_updated', 'url'].includes(key)),
      );
    expect(fields(restored)).toEqual(fields(original));
    expect(restored?.sid).not.toBe(original?.sid);
    expect(await resourceClientFor(ADDRESS_CONFIGURATION, faulty).list()).toEqual([]);
    await faulty.close();

    const healthy = await withEmulator({ stateFile });
    const env = emulatorEnv(healthy);
    const again = await runCli(['apply', '--auto-approve'], { cwd: dir(), env });
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    const [address] = await resourceClientFor(ADDRESS_CONFIGURATION, healthy).list();
    expect(again.stdout).toContain(
      `\n» migrated "SMS Support" (${restored?.sid}) → address configuration "${NUMBER}" (${address?.sid})\nApply complete: 1 migrated, 0 created, 0 updated, 0 deleted, 0 failed.\n`,
    );
    expect(await clientFor(healthy).list()).toEqual([]);
    expect((await resourceClientFor(ADDRESS_CONFIGURATION, healthy).list()).map((address) => address.address)).toEqual([NUMBER]);
    // migrated_from is inert now: no change, and plan (validate is offline) notes it can go, exit status unchanged.
    const note =
      'flows/sms.yaml:1:1: migrated_from: the flow "SMS Support" no longer exists, so the migration is done; remove migrated_from';
    const after = await runCli(['plan', '--detailed-exitcode'], { cwd: dir(), env });
    expect([after.code, after.stdout.split('\n')[0], after.stderr]).toEqual([
      0,
      'No changes. 1 address configuration unchanged.',
      `note: ${note}\n`,
    ]);
    expect((await runCli(['plan', '--format', 'markdown'], { cwd: dir(), env })).stdout).toContain(
      `**No changes. 1 address configuration unchanged.**\n\n> [!NOTE]\n> ${escapeMarkdown(note)}\n`,
    );
    expect(await runCli(['validate'], { cwd: dir() })).toMatchObject({ code: 0, stderr: '1 address configuration in 1 file: valid\n' });
  });
});

const studio = { integration_type: 'studio', integration: { flow_sid: STUDIO_FLOW, retry_count: 1 } } as const;
const external = { integration_type: 'external', integration: { url: 'https://hooks.example.com/flex' } } as const;
const task = { integration_type: 'task', integration: { workspace_sid: WORKSPACE, workflow_sid: WORKFLOW } } as const;

/** An account made in the Console: every channel and integration type, 12 flows that migrate and 8 that cannot. */
const ACCOUNT: readonly (Partial<FlowValues> & { friendly_name: string; contact_identity: string })[] = [
  { friendly_name: 'SMS Studio', channel_type: 'sms', contact_identity: '+15550002001', ...studio },
  { friendly_name: 'SMS Studio (off)', channel_type: 'sms', contact_identity: '+15550002002', enabled: false, ...studio },
  { friendly_name: 'SMS Webhook', channel_type: 'sms', contact_identity: '+15550002003', ...external },
  {
    friendly_name: 'SMS Long-lived',
    channel_type: 'sms',
    contact_identity: '+15550002004',
    long_lived: true,
    janitor_enabled: true,
    ...studio,
  },
  { friendly_name: 'WhatsApp Studio', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550002005', ...studio },
  { friendly_name: 'WhatsApp Webhook', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550002006', ...external },
  { friendly_name: 'WhatsApp Studio 2', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550002007', ...studio },
  {
    friendly_name: 'WhatsApp Webhook (off)',
    channel_type: 'whatsapp',
    contact_identity: 'whatsapp:+15550002008',
    enabled: false,
    ...external,
  },
  { friendly_name: 'Messenger Studio', channel_type: 'facebook', contact_identity: 'messenger:2009', ...studio },
  { friendly_name: 'Messenger Webhook', channel_type: 'facebook', contact_identity: 'messenger:2010', ...external },
  { friendly_name: 'Messenger Studio 2', channel_type: 'facebook', contact_identity: 'messenger:2011', ...studio },
  { friendly_name: 'SMS Webhook 2', channel_type: 'sms', contact_identity: '+15550002012', ...external },
  // Cannot migrate: web (Webchat 3 is set up in the Console), line and custom (no address type), task (no Task integration).
  { friendly_name: 'Web Studio', channel_type: 'web', contact_identity: 'web-1', ...studio },
  { friendly_name: 'Web Webhook', channel_type: 'web', contact_identity: 'web-2', ...external },
  { friendly_name: 'Web Task', channel_type: 'web', contact_identity: 'web-3', ...task },
  { friendly_name: 'LINE Studio', channel_type: 'line', contact_identity: 'line-2016', ...studio },
  { friendly_name: 'Custom Webhook', channel_type: 'custom', contact_identity: 'custom-2017', ...external },
  { friendly_name: 'SMS Task', channel_type: 'sms', contact_identity: '+15550002018', ...task },
  { friendly_name: 'WhatsApp Task', channel_type: 'whatsapp', contact_identity: 'whatsapp:+15550002019', ...task },
  { friendly_name: 'Messenger Task', channel_type: 'facebook', contact_identity: 'messenger:2020', ...task },
];
const MIGRATING = ACCOUNT.slice(0, 12);
const STAYING = ACCOUNT.slice(12);

describe('an account of 20 Flex Flows of every channel and integration type, migrated end to end', () => {
  const dir = useTempDir('ffs-e2e-migrate-20-');

  it('export → migrate --write → validate → plan → apply → plan "No changes", the live state checked through the API', async () => {
    const emulator = await withEmulator();
    emulator.preload(ACCOUNT.map((flow) => ({ chat_service_sid: CHAT_SERVICE, enabled: true, ...flow })));
    const before = await clientFor(emulator).list();
    const env = emulatorEnv(emulator);
    const cwd = dir();
    const run = (argv: string[]) => runCli(argv, { cwd, env });

    expect((await run(['export', '--dir', 'flows'])).code).toBe(0);
    const migrated = await run(['migrate', '--dir', 'flows', '--write']);
    expect([migrated.code, migrated.stdout.trim().split('\n').at(-1)]).toEqual([
      2,
      '20 Flex Flows: 12 migrate (12 with attention), 8 cannot.',
    ]);
    expect(await readdir(join(cwd, 'flows'))).not.toEqual([]);
    expect((await run(['validate', '--dir', 'flows'])).code).toBe(0);

    const plan = await run(['plan', '--dir', 'flows', '--detailed-exitcode']);
    expect([plan.code, plan.stdout.split('\n')[0], plan.stderr]).toEqual([
      2,
      'Plan: 12 to migrate, 0 to create, 0 to update, 0 to delete, 8 unchanged',
      '',
    ]);
    for (const flow of MIGRATING) {
      const sid = before.find((live) => live.friendly_name === flow.friendly_name)?.sid;
      const type = { sms: 'sms', whatsapp: 'whatsapp', facebook: 'messenger' }[flow.channel_type as string];
      expect(plan.stdout).toContain(
        `    » migrate ${JSON.stringify(flow.friendly_name)} ${sid} (${flow.channel_type} ${flow.contact_identity}) → ${type} ${flow.contact_identity}\n`,
      );
    }
    for (const flow of STAYING) expect(plan.stdout).not.toContain(`» migrate ${JSON.stringify(flow.friendly_name)}`);

    const applied = await run(['apply', '--dir', 'flows', '--auto-approve']);
    expect([applied.code, applied.stderr, applied.stdout.trim().split('\n').at(-1)]).toEqual([
      0,
      '',
      'Apply complete: 12 migrated, 0 created, 0 updated, 0 deleted, 0 failed.',
    ]);
    expect(applied.stdout.match(/^» migrated /gm)).toHaveLength(12);

    const after = await run(['plan', '--dir', 'flows', '--detailed-exitcode']);
    expect([after.code, after.stdout.split('\n')[0]]).toEqual([0, 'No changes. 8 flows and 12 address configurations unchanged.']);
    expect(after.stderr.match(/^note: .*migrated_from: the flow ".*" no longer exists/gm)).toHaveLength(12);

    // The live state, through the API: the 8 flows untouched (same SIDs and fields), 12 address configurations as mapped.
    expect((await clientFor(emulator).list()).map((flow) => flow.friendly_name).sort()).toEqual(
      STAYING.map((flow) => flow.friendly_name).sort(),
    );
    expect(await clientFor(emulator).list()).toEqual(
      expect.arrayContaining(before.filter((flow) => STAYING.some((staying) => staying.friendly_name === flow.friendly_name))),
    );
    const addresses = await resourceClientFor(ADDRESS_CONFIGURATION, emulator).list();
    const byAddress = new Map(addresses.map((address) => [address.address, address]));
    expect([...byAddress.keys()].sort()).toEqual(MIGRATING.map((flow) => flow.contact_identity).sort());
    const TYPE = { sms: 'sms', whatsapp: 'whatsapp', facebook: 'messenger' } as const;
    for (const flow of MIGRATING) {
      const address = byAddress.get(flow.contact_identity);
      const auto = address?.auto_creation as Record<string, unknown> | undefined;
      expect({
        type: address?.type,
        friendly_name: address?.friendly_name,
        enabled: auto?.enabled,
        service: auto?.conversation_service_sid,
      }).toEqual({
        type: TYPE[flow.channel_type as keyof typeof TYPE],
        friendly_name: flow.friendly_name,
        enabled: flow.enabled ?? true,
        service: CHAT_SERVICE,
      });
      expect(auto).toMatchObject(
        flow.integration_type === 'studio'
          ? { type: 'studio', studio_flow_sid: STUDIO_FLOW, studio_retry_count: 1 }
          : { type: 'webhook', webhook_url: 'https://hooks.example.com/flex', webhook_method: 'POST', webhook_filters: ['onMessageAdded'] },
      );
    }
  });
});

describe('a migrated_from that names a flow of another number', () => {
  const dir = useTempDir('ffs-e2e-migrate-wrong-');

  it('is refused by plan and apply before any call: the flow stays, nothing is created', async () => {
    const emulator = await withEmulator();
    emulator.preload([
      {
        friendly_name: 'Var Flow',
        chat_service_sid: CHAT_SERVICE,
        channel_type: 'sms',
        contact_identity: '+15550800001',
        enabled: true,
        ...studio,
      },
    ]);
    const before = await clientFor(emulator).list();
    await mkdir(join(dir(), 'flows'));
    await writeFile(
      join(dir(), 'flows', 'sms.yaml'),
      MIGRATED.replace(NUMBER, '+15550899999').replace('flex_flow: SMS Support', 'flex_flow: Var Flow'),
    );
    const env = emulatorEnv(emulator);
    const refusal = `names the flow "Var Flow" (${before[0]?.sid}) in migrated_from, but that flow routes sms +15550800001`;
    for (const argv of [['plan'], ['apply', '--auto-approve']]) {
      const run = await runCli(argv, { cwd: dir(), env });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(refusal);
      expect(run.stdout).not.toContain('» migrate');
    }
    expect(await clientFor(emulator).list()).toEqual(before);
    expect(await resourceClientFor(ADDRESS_CONFIGURATION, emulator).list()).toEqual([]);
  });
});

const FLOW_DOCUMENT = `friendly_name: SMS Support
chat_service_sid: ${CHAT_SERVICE}
channel_type: sms
contact_identity: "${NUMBER}"
enabled: true
integration_type: studio
integration:
  flow_sid: ${STUDIO_FLOW}
  retry_count: 2
`;

describe('going back from a migration (the flow document restored, the address configuration document gone)', () => {
  const dir = useTempDir('ffs-e2e-unmigrate-');

  it('is refused without prune (saying how), runs in reverse order with prune, and puts the configuration back if the flow cannot be created', async () => {
    const stateFile = join(dir(), 'state.json');
    const cwd = dir();
    const forward = await withEmulator({ stateFile });
    forward.preload([
      {
        friendly_name: 'SMS Support',
        chat_service_sid: CHAT_SERVICE,
        channel_type: 'sms',
        contact_identity: NUMBER,
        enabled: true,
        ...studio,
      },
    ]);
    await mkdir(join(cwd, 'flows'));
    await writeFile(join(cwd, 'flows', 'sms.yaml'), MIGRATED);
    expect((await runCli(['apply', '--auto-approve'], { cwd, env: emulatorEnv(forward) })).code).toBe(0);
    const [migrated] = await resourceClientFor(ADDRESS_CONFIGURATION, forward).list();
    await writeFile(join(cwd, 'flows', 'sms.yaml'), FLOW_DOCUMENT);
    // Files that declare no address configuration never read or delete one: Twilio (here the emulator) refuses the flow.
    const unread = await runCli(['apply', '--auto-approve'], { cwd, env: emulatorEnv(forward) });
    expect([unread.code, unread.stdout]).toEqual([1, expect.stringContaining(`still holds "${NUMBER}" as its address; delete it first`)]);
    expect((await resourceClientFor(ADDRESS_CONFIGURATION, forward).list()).map((address) => address.sid)).toEqual([migrated?.sid]);
    // Another configuration stays declared, so that prune may delete this one.
    await writeFile(join(cwd, 'flows', 'other.yaml'), MIGRATED.replace(NUMBER, '+15550002222').replace(/migrated_from:\n.*\n/, ''));
    expect((await runCli(['apply', '--auto-approve', '--target', '+15550002222'], { cwd, env: emulatorEnv(forward) })).code).toBe(0);

    const refused = await runCli(['plan'], { cwd, env: emulatorEnv(forward) });
    expect(refused.stderr).toContain(
      `which the live address configuration "${NUMBER}" (${migrated?.sid}) holds as its address and the plan keeps; Twilio routes an address through one of them: delete the address configuration in the same plan ` +
        '(remove its document with prune: true: apply deletes it first, and puts it back if the flow cannot be created), or drop this flow',
    );
    await writeFile(join(cwd, 'flexflow-sync.yaml'), 'prune: true\n');
    const dry = await runCli(['apply', '--auto-approve', '--dry-run'], { cwd, env: emulatorEnv(forward) });
    expect(dry.stdout.indexOf(`DELETE /v1/Configuration/Addresses/${migrated?.sid}`)).toBeGreaterThan(-1);
    expect(dry.stdout.indexOf(`DELETE /v1/Configuration/Addresses/${migrated?.sid}`)).toBeLessThan(
      dry.stdout.indexOf('POST /v1/FlexFlows'),
    );
    await forward.close();

    const faulty = await withEmulator({ stateFile, failCreateName: 'SMS Support' });
    const failed = await runCli(['apply', '--auto-approve'], { cwd, env: emulatorEnv(faulty) });
    const restored = (await resourceClientFor(ADDRESS_CONFIGURATION, faulty).list()).find((address) => address.address === NUMBER);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      `↺ restored address configuration "${NUMBER}" (${migrated?.sid}): deleted, then re-created as ${restored?.sid} (a new SID)`,
    );
    expect(await clientFor(faulty).list()).toEqual([]);
    await faulty.close();

    const healthy = await withEmulator({ stateFile });
    const back = await runCli(['apply', '--auto-approve'], { cwd, env: emulatorEnv(healthy) });
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect((await clientFor(healthy).list()).map((flow) => [flow.friendly_name, flow.contact_identity])).toEqual([['SMS Support', NUMBER]]);
    expect((await resourceClientFor(ADDRESS_CONFIGURATION, healthy).list()).map((address) => address.address)).toEqual(['+15550002222']);
  });
});
