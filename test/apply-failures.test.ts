import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../src/emulator/index.js';
import { CHAT_SERVICE, webFlow } from './helpers/applyFixtures.js';
import { runCli } from './helpers/cli.js';
import { clientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';

/** A folder with the given flow files and `prune: true`, and an emulator holding `live` flows. */
async function setUp(cwd: string, files: Record<string, string>, live: Parameters<ReturnType<typeof clientFor>['create']>[0][], options: EmulatorOptions = {}) {
  await mkdir(join(cwd, 'flows'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(cwd, 'flows', name), text);
  await writeFile(join(cwd, 'flexflow-sync.yaml'), 'prune: true\n');
  const emulator = await withEmulator(options);
  const client = clientFor(emulator);
  for (const fields of live) await client.create(fields);
  const apply = (...args: string[]) => runCli(['apply', '--auto-approve', ...args], { cwd, env: emulatorEnv(emulator) });
  return { emulator, client, apply };
}

const flowFile = (name: string, extra = '') => `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\nenabled: true\n${extra}`;

describe('apply after a failed write', () => {
  const dir = useTempDir('ffs-apply-failures-');

  it('skips every delete when a create fails (a rename without renamed_from), says why, exits 1; the old flow survives', async () => {
    const { client, apply } = await setUp(dir(), { 'support.yaml': flowFile('Support'), 'other.yaml': flowFile('Other') }, [webFlow('Support (old)'), webFlow('Stale')], {
      failCreateName: 'Support',
    });
    const text = await apply();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Apply complete: 1 created, 0 updated, 0 deleted, 1 failed, 2 skipped.\n');
    expect(text.stdout).toContain(
      '\nSkipped (2):\n' +
        `  ! skipped the delete of "Stale" (${(await client.list({ friendlyName: 'Stale' }))[0]?.sid}): the create of "Support" did not succeed, and deletes run only after every create and update succeeded\n`,
    );
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['Other', 'Stale', 'Support (old)']);

    const json = await apply('--format', 'json');
    const report = JSON.parse(json.stdout) as { summary: unknown; results: { action: string; friendly_name: string; status: string; reason?: string }[] };
    expect(json.code).toBe(1);
    expect(report.summary).toEqual({ created: 0, updated: 0, deleted: 0, failed: 1, skipped: 2, unknown: 0 });
    expect(report.results.filter((result) => result.action === 'delete')).toEqual([
      expect.objectContaining({ friendly_name: 'Stale', status: 'skipped', reason: expect.stringContaining('the create of "Support" did not succeed') as unknown }),
      expect.objectContaining({ friendly_name: 'Support (old)', status: 'skipped' }),
    ]);
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['Other', 'Stale', 'Support (old)']);
  });

  it('skips the deletes when an update fails too', async () => {
    const { client, apply } = await setUp(dir(), { 'a.yaml': flowFile('A', 'long_lived: true\n') }, [webFlow('A'), webFlow('Gone')], { failUpdateName: 'A' });
    const result = await apply();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('! skipped the delete of "Gone"');
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['A', 'Gone']);
  });
});
