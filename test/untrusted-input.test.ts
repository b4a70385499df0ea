/**
 * Flow files arrive in pull requests: each test plays an attacker through the real CLI and checks
 * that nothing leaks, nothing hangs and nothing is written where it must not be (issue 12).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

const IS = 'IS' + 'a'.repeat(32);

/** A valid web flow named `name`, with `extra` YAML lines after the required keys. */
function flowYaml(name: string, extra = ''): string {
  return `friendly_name: ${name}\nchat_service_sid: ${IS}\nchannel_type: web\n${extra}`;
}

describe('untrusted flow files through the CLI', () => {
  const emulator = useEmulator({ seed: 12 });
  const cwd = useTempDir('flexflow-untrusted-');

  beforeEach(async () => {
    await mkdir(join(cwd(), 'flows'));
  });

  async function writeFlow(text: string, file = 'a.yaml'): Promise<void> {
    await writeFile(join(cwd(), 'flows', file), text);
  }

  describe('1. ${NAME} reads only FLEXFLOW_VAR_NAME from the environment', () => {
    it('refuses ${TWILIO_AUTH_TOKEN}, naming FLEXFLOW_VAR_TWILIO_AUTH_TOKEN and never the token', async () => {
      await writeFlow(flowYaml('Leak', 'contact_identity: "${TWILIO_AUTH_TOKEN}"\n'));
      const env = emulatorEnv(emulator());
      for (const args of [['validate'], ['plan'], ['plan', '--format', 'markdown'], ['apply', '--auto-approve']]) {
        const result = await runCli(args, { cwd: cwd(), env });
        expect(result.code).toBe(1);
        expect(`${result.stdout}${result.stderr}`).toContain(
          'flows/a.yaml:4:19: unresolved variable ${TWILIO_AUTH_TOKEN}: set FLEXFLOW_VAR_TWILIO_AUTH_TOKEN in the environment or TWILIO_AUTH_TOKEN in the --var-file',
        );
        expect(`${result.stdout}${result.stderr}`).not.toContain(env.TWILIO_AUTH_TOKEN);
      }
      expect(emulator().stats().requests).toBe(0);
    });

    it('resolves ${GREETING} from FLEXFLOW_VAR_GREETING, and the var file still wins', async () => {
      await writeFlow(flowYaml('${GREETING}'));
      const env = { ...emulatorEnv(emulator()), FLEXFLOW_VAR_GREETING: 'Hello', GREETING: 'unprefixed' };
      const plan = await runCli(['plan'], { cwd: cwd(), env });
      expect(plan.stdout).toContain('+ "Hello"');
      await writeFile(join(cwd(), 'vars.yaml'), 'GREETING: From the file\n');
      const withFile = await runCli(['plan', '--var-file', 'vars.yaml'], { cwd: cwd(), env });
      expect(withFile.stdout).toContain('+ "From the file"');
    });
  });
});
