import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { escapeMarkdown } from '../src/render/escapeMarkdown.js';
import { runCli } from './helpers/cli.js';
import { clientFor, resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';

const IS = `IS${'a'.repeat(32)}`;
const FW = `FW${'b'.repeat(32)}`;
const NUMBER = '+15550001111';

const MIGRATED = `kind: address-configuration
address: "${NUMBER}"
type: sms
friendly_name: SMS Support
auto_creation:
  enabled: true
  type: studio
  conversation_service_sid: ${IS}
  studio_flow_sid: ${FW}
  studio_retry_count: 2
migrated_from:
  flex_flow: SMS Support
`;

describe('a migration whose address configuration cannot be created', () => {
  const dir = useTempDir('ffs-e2e-migrate-');

  it('puts the Flex Flow back with the same fields, exits 1, and a second apply completes the migration', async () => {
    const stateFile = join(dir(), 'state.json');
    const faulty = await withEmulator({ stateFile, failCreateName: NUMBER });
    faulty.preload([{ friendly_name: 'SMS Support', chat_service_sid: IS, channel_type: 'sms', contact_identity: NUMBER, enabled: true, integration_type: 'studio', integration: { flow_sid: FW, retry_count: 2 } }]);
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
    expect(failed.stdout).toContain('\nApply complete: 0 created, 0 updated, 0 deleted, 1 failed, 1 restored.\n');
    // The same fields; only what Twilio assigns (SID, dates, URL) is new.
    const fields = (flow: unknown): Record<string, unknown> =>
      Object.fromEntries(Object.entries(flow as Record<string, unknown>).filter(([key]) => !['sid', 'date_created', 'date_updated', 'url'].includes(key)));
    expect(fields(restored)).toEqual(fields(original));
    expect(restored?.sid).not.toBe(original?.sid);
    expect(await resourceClientFor(ADDRESS_CONFIGURATION, faulty).list()).toEqual([]);
    await faulty.close();

    const healthy = await withEmulator({ stateFile });
    const env = emulatorEnv(healthy);
    const again = await runCli(['apply', '--auto-approve'], { cwd: dir(), env });
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    const [address] = await resourceClientFor(ADDRESS_CONFIGURATION, healthy).list();
    expect(again.stdout).toContain(`\n» migrated "SMS Support" (${restored?.sid}) → address configuration "${NUMBER}" (${address?.sid})\nApply complete: 1 migrated, 0 created, 0 updated, 0 deleted, 0 failed.\n`);
    expect(await clientFor(healthy).list()).toEqual([]);
    expect((await resourceClientFor(ADDRESS_CONFIGURATION, healthy).list()).map((address) => address.address)).toEqual([NUMBER]);
    // migrated_from is inert now: no change, and plan (validate is offline) notes it can go, exit status unchanged.
    const note = 'flows/sms.yaml:1:1: migrated_from: the flow "SMS Support" no longer exists, so the migration is done; remove migrated_from';
    const after = await runCli(['plan', '--detailed-exitcode'], { cwd: dir(), env });
    expect([after.code, after.stdout.split('\n')[0], after.stderr]).toEqual([0, 'No changes. 1 address configuration unchanged.', `note: ${note}\n`]);
    expect((await runCli(['plan', '--format', 'markdown'], { cwd: dir(), env })).stdout).toContain(`**No changes. 1 address configuration unchanged.**\n\n> [!NOTE]\n> ${escapeMarkdown(note)}\n`);
    expect(await runCli(['validate'], { cwd: dir() })).toMatchObject({ code: 0, stderr: '1 address configuration in 1 file: valid\n' });
  });
});
