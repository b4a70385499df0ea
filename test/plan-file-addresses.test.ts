import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

/** An address is not a URL: `scheme:user@host` must survive a saved plan as written, and apply. */
describe('a saved plan with an address shaped scheme:user@host', () => {
  const dir = useTempDir('ffs-plan-address-');
  const emulator = useEmulator();

  it('keeps the address as written in the plan file, shows it, and applies', async () => {
    await mkdir(join(dir(), 'flows'));
    await writeFile(
      join(dir(), 'flows', 'a.yaml'),
      'kind: address-configuration\naddress: "sip:alice@example.com"\ntype: chat\nfriendly_name: Desk\n',
    );
    const env = emulatorEnv(emulator());
    const planned = await runCli(['plan', '--out', 'p.json'], { cwd: dir(), env });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain('+ "sip:alice@example.com"');
    const saved = JSON.parse(await readFile(join(dir(), 'p.json'), 'utf8')) as { changes: { key: unknown; after: { address: unknown } }[] };
    expect(saved.changes.map((change) => [change.key, change.after.address])).toEqual([['sip:alice@example.com', 'sip:alice@example.com']]);
    const applied = await runCli(['apply', 'p.json', '--auto-approve'], { cwd: dir(), env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(emulator().stats().resources).toMatchObject({ 'address-configuration': 1 });
  });
});
