import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir, writeFlowsFolder } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE } from './helpers/fixtures.js';

/** An address configuration for a number a live Flex Flow keeps: Twilio's migration deletes the flow first. */
describe('plan refuses to create a resource for an address a live resource of another kind keeps', () => {
  const dir = useTempDir('ffs-claims-');
  const emulator = useEmulator();

  async function planWith(settings: string, documents: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    await writeFile(join(dir(), 'flexflow-sync.yaml'), settings);
    await writeFlowsFolder(dir(), documents);
    return runCli(['plan'], { cwd: dir(), env: emulatorEnv(emulator()) });
  }

  /** A flow file declaring another flow, so that flows are managed. */
  const OTHER_FLOW = `friendly_name: Other\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`;
  const ADDRESS = 'kind: address-configuration\naddress: "+15550001111"\ntype: sms\n';

  it.each<{ name: string; settings: string; documents: Record<string, string> }>([
    {
      name: 'a folder of address configurations only (the flows are read just for this)',
      settings: 'prune: true\n',
      documents: { 'a.yaml': ADDRESS },
    },
    {
      name: 'flows declared, prune off: the flow is kept',
      settings: 'prune: false\n',
      documents: {
        'a.yaml': ADDRESS,
        'f.yaml': OTHER_FLOW,
      },
    },
    {
      name: 'prune on but the flow is protected',
      settings: 'prune: true\nprotect: ["SMS Support"]\n',
      documents: {
        'a.yaml': ADDRESS,
        'f.yaml': OTHER_FLOW,
      },
    },
  ])('$name', async ({ settings, documents }) => {
    emulator().preload([{ friendly_name: 'SMS Support', channel_type: 'sms', contact_identity: '+15550001111' }]);
    const planned = await planWith(settings, documents);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toMatch(
      /the plan creates the address configuration "\+15550001111" for address "\+15550001111", which the live flow "SMS Support" \(FO[0-9a-f]{32}\) holds as its contact_identity and the plan keeps; .*delete the flow in the same plan/,
    );
    expect(emulator().stats().resources).toMatchObject({ 'address-configuration': 0 });
  });

  it('lets a plan through that deletes the flow in the same run (the delete goes first)', async () => {
    emulator().preload([{ friendly_name: 'SMS Support', channel_type: 'sms', contact_identity: '+15550001111' }]);
    const planned = await planWith('prune: true\n', {
      'a.yaml': ADDRESS,
      'f.yaml': OTHER_FLOW,
    });
    expect(planned.stderr).not.toContain('holds as its contact_identity');
    expect(planned.code).toBe(0);
  });
});
