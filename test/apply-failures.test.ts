import { describe, expect, it } from 'vitest';
import { applySummary, webFlow } from './helpers/fixtures.js';
import { applyWorkspace, flowFile } from './helpers/applyWorkspace.js';
import { useTempDir } from './helpers/tempDir.js';

describe('apply after a failed write', () => {
  const dir = useTempDir('ffs-apply-failures-');

  it('skips every delete when a create fails (a rename without renamed_from), says why, exits 1; the old flow survives', async () => {
    const { client, apply } = await applyWorkspace(
      dir(),
      { 'support.yaml': flowFile('Support'), 'other.yaml': flowFile('Other') },
      [webFlow('Support (old)'), webFlow('Stale')],
      {
        failCreateName: 'Support',
      },
    );
    const text = await apply();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Apply finished with failures: 1 created, 0 updated, 0 deleted, 1 failed, 2 skipped.\n');
    expect(text.stdout).toContain(
      '\nSkipped (2):\n' +
        `  ! skipped the delete of "Stale" (${(await client.list({ friendlyName: 'Stale' }))[0]?.sid}): the create of "Support" did not succeed, and deletes run only after every create and update succeeded\n`,
    );
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['Other', 'Stale', 'Support (old)']);

    const json = await apply('--format', 'json');
    const report = JSON.parse(json.stdout) as {
      summary: unknown;
      results: { action: string; key: string; status: string; reason?: string }[];
    };
    expect(json.code).toBe(1);
    expect(report.summary).toEqual(applySummary({ failed: 1, skipped: 2 }));
    expect(report.results.filter((result) => result.action === 'delete')).toEqual([
      expect.objectContaining({
        key: 'Stale',
        status: 'skipped',
        reason: expect.stringContaining('the create of "Support" did not succeed') as unknown,
      }),
      expect.objectContaining({ key: 'Support (old)', status: 'skipped' }),
    ]);
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['Other', 'Stale', 'Support (old)']);
  });

  it('skips the deletes when an update fails too', async () => {
    const { client, apply } = await applyWorkspace(
      dir(),
      { 'a.yaml': flowFile('A', 'long_lived: true\n') },
      [webFlow('A'), webFlow('Gone')],
      { failUpdateName: 'A' },
    );
    const result = await apply();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('! skipped the delete of "Gone"');
    expect((await client.list()).map((flow) => flow.friendly_name).sort()).toEqual(['A', 'Gone']);
  });
});

const smsFile = (name: string, number: string) =>
  flowFile(name, `contact_identity: "${number}"\n`).replace('channel_type: web', 'channel_type: sms');
const sms = (name: string, number: string) => webFlow(name, { channel_type: 'sms', contact_identity: number });

describe('apply when a contact identity moves', () => {
  const dir = useTempDir('ffs-apply-identity-');
  const NUMBER = '+15550001111';

  it('frees the identity first, then creates: a rename without renamed_from converges', async () => {
    const { client, apply } = await applyWorkspace(dir(), { 'support.yaml': smsFile('Support', NUMBER) }, [sms('Support (old)', NUMBER)]);
    const result = await apply();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(
      '-/+ "Support (old)" → "Support": contact identity "+15550001111" moves; add renamed_from: [Support (old)] to keep its SID',
    );
    expect((await client.list()).map((flow) => [flow.friendly_name, flow.contact_identity])).toEqual([['Support', NUMBER]]);
  });

  it('re-creates the deleted flow when the create taking its identity fails (an injected 400), and reports both', async () => {
    const { client, apply } = await applyWorkspace(dir(), { 'support.yaml': smsFile('Support', NUMBER) }, [sms('Support (old)', NUMBER)], {
      failCreateName: 'Support',
    });
    const [old] = await client.list();
    const result = await apply('--format', 'json');
    expect(result.code).toBe(1);
    const live = await client.list();
    expect(live.map((flow) => [flow.friendly_name, flow.contact_identity, flow.enabled, flow.channel_type])).toEqual([
      ['Support (old)', NUMBER, true, 'sms'],
    ]);
    const report = JSON.parse(result.stdout) as { summary: unknown; results: unknown[] };
    expect(report.summary).toEqual(applySummary({ failed: 1, restored: 1 }));
    expect(report.results).toEqual([
      expect.objectContaining({ action: 'create', kind: 'flex-flow', key: 'Support', status: 'failed' }),
      {
        action: 'delete',
        kind: 'flex-flow',
        key: 'Support (old)',
        status: 'restored',
        sid: old?.sid,
        restored_sid: live[0]?.sid,
        reason: `deleted, then re-created as ${live[0]?.sid} (a new SID) because the create of "Support", which took its contact identity, failed`,
      },
    ]);
    expect(result.stderr).toContain(
      `\nRestored (1):\n  ↺ restored "Support (old)" (${old?.sid}): deleted, then re-created as ${live[0]?.sid}`,
    );
  });

  it('reverts the update that gave the identity up when the create taking it fails', async () => {
    const { client, apply } = await applyWorkspace(
      dir(),
      { 'a.yaml': smsFile('A', '+15550002222'), 'b.yaml': smsFile('B', NUMBER) },
      [{ ...sms('A', NUMBER), integration_type: 'external', integration: { url: 'https://example.com/a' } }],
      { failCreateName: 'B' },
    );
    const result = await apply();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('↺ restored "A"');
    expect((await client.list()).map((flow) => [flow.friendly_name, flow.contact_identity, flow.integration])).toEqual([
      ['A', NUMBER, { url: 'https://example.com/a', retry_count: 3 }],
    ]);
  });

  it('skips the create when the identity could not be freed, and keeps the old flow', async () => {
    const { client, apply } = await applyWorkspace(dir(), { 'support.yaml': smsFile('Support', NUMBER) }, [sms('Support (old)', NUMBER)], {
      failDeleteName: 'Support (old)',
    });
    const result = await apply();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '! skipped the create of "Support": contact identity "+15550001111" is still held by "Support (old)", whose delete did not succeed',
    );
    expect((await client.list()).map((flow) => flow.friendly_name)).toEqual(['Support (old)']);
  });
});
