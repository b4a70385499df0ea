import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADDRESS_CONFIGURATION } from '../src/model/kinds.js';
import { runCli } from './helpers/cli.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

const REPOSITORY = join(import.meta.dirname, '..');

describe('a folder with flows and address configurations, end to end on the emulator', () => {
  const dir = useTempDir('ffs-e2e-kinds-');
  const emulator = useEmulator();

  it('validate → plan → apply → plan "No changes"; a type change is then one replacement', async () => {
    await cp(join(REPOSITORY, 'flows'), join(dir(), 'flows'), { recursive: true });
    await cp(join(REPOSITORY, 'examples', 'address-configurations.yaml'), join(dir(), 'flows', 'addresses.yaml'));
    await writeFile(join(dir(), 'flexflow-sync.yaml'), 'prune: true\n');
    const cli = (...args: string[]) => runCli(args, { cwd: dir(), env: emulatorEnv(emulator()) });

    expect((await cli('validate')).code).toBe(0);
    const planned = await cli('plan', '--detailed-exitcode');
    expect(planned.code).toBe(2);
    expect(planned.stdout).toMatch(
      /^Plan: \d+ to create, 0 to update, 0 to delete, 0 unchanged\n {4}flows: \d+ to create, .*\n {4}address configurations: 4 to create, 0 to update, 0 to delete, 0 unchanged\n/,
    );
    expect(planned.stdout).toContain('\nFlows:\n');
    expect(planned.stdout).toContain('\nAddress configurations:\n\n+ "+15005550016"\n    type: "sms"\n');

    const applied = await cli('apply', '--auto-approve');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('+ created address configuration "whatsapp:+15005550018" (IG');
    const again = await cli('plan', '--detailed-exitcode');
    expect({ code: again.code, first: again.stdout.split('\n')[0] }).toEqual({
      code: 0,
      first: expect.stringMatching(/^No changes\. \d+ flows and 4 address configurations unchanged\.$/) as unknown,
    });

    const before = (await resourceClientFor(ADDRESS_CONFIGURATION, emulator()).list()).find((resource) => resource.address === '894546');
    const file = join(dir(), 'flows', 'addresses.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('address_country: US', 'address_country: CA'));
    const replaced = await cli('apply', '--auto-approve');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`-/+ "894546" (${before?.sid})\n    address_country: "US" → "CA" forces replacement\n`);
    expect(replaced.stdout).toMatch(
      new RegExp(`-/\\+ replaced address configuration "894546" \\(IG[0-9a-f]{32}\\), in place of ${before?.sid}\\n`),
    );
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a folder of address configurations only plans them: the live flows are neither shown nor touched', async () => {
    emulator().preload([{ friendly_name: 'Console flow' }]);
    emulator().preloadResources(ADDRESS_CONFIGURATION, [{ address: '+15550002222', type: 'sms' }]);
    await writeFile(join(dir(), 'flexflow-sync.yaml'), 'prune: true\n');
    await mkdir(join(dir(), 'flows'));
    await writeFile(join(dir(), 'flows', 'a.yaml'), 'kind: address-configuration\naddress: "+15550001111"\ntype: sms\n');
    const planned = await runCli(['plan', '--format', 'json'], { cwd: dir(), env: emulatorEnv(emulator()) });
    const plan = JSON.parse(planned.stdout) as {
      kinds: string[];
      changes: { action: string; kind: string; key: string }[];
      unmanaged: unknown[];
    };
    expect({
      code: planned.code,
      kinds: plan.kinds,
      changes: plan.changes.map((change) => `${change.action} ${change.kind} ${change.key}`),
      unmanaged: plan.unmanaged,
    }).toEqual({
      code: 0,
      kinds: ['address-configuration'],
      changes: ['create address-configuration +15550001111', 'delete address-configuration +15550002222'],
      unmanaged: [],
    });
  });
});
