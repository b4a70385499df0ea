import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RATE_SCALE_ENV } from '../src/api/pacing.js';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { TEST_RATE_SCALE, emulatorEnv, useEmulator } from './helpers/withEmulator.js';

/** twilio-cli profiles (~/.twilio-cli/config.json, as twilio-cli-core's config service writes it). */
describe('twilio-cli profiles', () => {
  const emulator = useEmulator();
  const home = useTempDir('flexflow-home-');
  const OTHER_AC = `AC${'9'.repeat(32)}`;

  function writeConfig(config: object): void {
    mkdirSync(path.join(home(), '.twilio-cli'));
    writeFileSync(path.join(home(), '.twilio-cli', 'config.json'), JSON.stringify(config));
  }

  /** What every profile run needs besides the profile: the emulator's URL, and HOME. */
  const base = (): Record<string, string> => ({
    HOME: home(),
    FLEXFLOW_API_URL: emulator().url,
    [RATE_SCALE_ENV]: String(TEST_RATE_SCALE),
  });
  const good = () => ({ accountSid: emulator().accountSid, apiKey: emulator().apiKey, apiSecret: emulator().apiSecret });
  const wrong = { accountSid: OTHER_AC, apiKey: `SK${'1'.repeat(32)}`, apiSecret: 'wrong-secret' };
  const shown = (sid: string): string => `${sid.slice(0, 8)}…`;

  it('--profile NAME wins over the environment, and says which profile it used', async () => {
    writeConfig({ profiles: { dev: good(), prod: wrong }, activeProject: 'prod' });
    const result = await runCli(['plan', '--profile', 'dev'], {
      env: { ...base(), TWILIO_ACCOUNT_SID: OTHER_AC, TWILIO_AUTH_TOKEN: 'wrong-token' },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `credentials: twilio-cli profile "dev" (--profile in ~/.twilio-cli/config.json), account ${shown(emulator().accountSid)}\n`,
    );
    expect(result.stdout).toContain('Plan: 7 to create');
  });

  it('export --vars refuses to name the var file after a profile that is not a file name as it stands (Prod and prod would share one)', async () => {
    writeConfig({ profiles: { Prod: good() } });
    const result = await runCli(['export', '--profile', 'Prod', '--vars'], { env: base(), cwd: home() });
    expect({ code: result.code, error: result.stderr.split('\n').at(-2) }).toEqual({
      code: 1,
      error:
        'error: --vars: profile "Prod" is not a file name as it stands (vars/prod.yaml may be another profile\'s); name the var file: --vars vars/NAME.yaml',
    });
  });

  it('the environment wins over the active profile, and says so', async () => {
    writeConfig({ profiles: { prod: wrong }, activeProject: 'prod' });
    const result = await runCli(['plan'], { env: { ...base(), ...emulatorEnv(emulator()) } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'credentials: TWILIO_* environment variables, which win over twilio-cli\'s active profile "prod" (--profile prod to use it)\n',
    );
  });

  it('without TWILIO_* variables, the active profile is used', async () => {
    writeConfig({ profiles: { dev: good(), prod: wrong }, activeProject: 'dev' });
    const result = await runCli(['plan'], { env: base() });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `credentials: twilio-cli profile "dev" (active profile in ~/.twilio-cli/config.json), account ${shown(emulator().accountSid)}\n`,
    );
  });

  it('a 401 names the profile and its API key, never the secret', async () => {
    writeConfig({ profiles: { prod: wrong }, activeProject: 'prod' });
    const result = await runCli(['plan'], { env: base() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `; the request used the API key SK111111… of twilio-cli profile "prod" (active profile in ~/.twilio-cli/config.json): check it`,
    );
    expect(result.stderr).not.toContain('wrong-secret');
  });

  it('an older profile whose secret is in the system keychain says how to pass it', async () => {
    writeConfig({ projects: [{ id: 'old', accountSid: OTHER_AC, region: null }], activeProject: 'old' });
    const result = await runCli(['plan'], { env: base() });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: twilio-cli profile "old" in ~/.twilio-cli/config.json keeps its API key and secret in the system keychain (older twilio-cli), which flexflow-sync does not read: ` +
        `export TWILIO_ACCOUNT_SID=${OTHER_AC} with TWILIO_API_KEY and TWILIO_API_SECRET from the keychain entry "KEY|SECRET" ` +
        '(macOS: security find-generic-password -s twilio-cli -a "old" -w; Linux: secret-tool lookup service twilio-cli account "old"), or run `twilio profiles:create` with a current twilio-cli\n',
    );
  });

  it('an unknown --profile lists the profiles there are', async () => {
    writeConfig({ profiles: { dev: good() }, projects: [{ id: 'old', accountSid: OTHER_AC }] });
    const result = await runCli(['export', '--profile', 'staging'], { env: base(), cwd: home() });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: --profile "staging": no such twilio-cli profile in ~/.twilio-cli/config.json (it has "dev", "old"); create it with `twilio profiles:create`\n',
    });
  });
});
