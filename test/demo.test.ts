import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** The README's first command: it must keep telling the story it tells, step by step, and end clean. */
describe('npm run demo', () => {
  it('plans a rename, an update and creates, catches a Console edit as drift, and ends on a clean plan', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      env: { PATH: process.env.PATH },
      timeout: 120_000,
    });
    expect(stdout).toContain('renamed from "FB Messenger"');
    expect(stdout).toMatch(/~ "SMS Support \(US\)" \(FO[0-9a-f]{32}\)\n {4}enabled: false → true/);
    expect(stdout).toMatch(/━━ 5\/7 plan catches the drift[^]*~ "SMS Partner Webhook" \(FO[0-9a-f]{32}\)\n {4}enabled: false → true/);
    expect(stdout).toContain('No changes. 6 flows and 1 address configuration unchanged.');
    expect(stdout).toContain('"Flex Web Channel"');
    expect(stdout).toContain('Demo complete');
  }, 130_000);

  it('npm run demo:migrate moves the numbers that can move as one plan, and ends clean', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/demoMigrate.ts'], {
      env: { PATH: process.env.PATH },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/» migrate "SMS Support" FO[0-9a-f]{32} \(sms \+15005550101\) → sms \+15005550101\n/);
    expect(stdout).toMatch(/\n» migrated "SMS Support" \(FO[0-9a-f]{32}\) → address configuration "\+15005550101" \(IG[0-9a-f]{32}\)\n/);
    expect(stdout).toContain('Apply complete: 3 migrated, 0 created, 0 updated, 0 deleted, 0 failed.');
    expect(stdout).toContain('No changes. 2 flows and 3 address configurations unchanged.');
    expect(stdout).toContain('Migration complete');
  }, 130_000);
});
