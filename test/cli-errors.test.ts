import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

/** Errors that say what to do, each through the CLI. */
describe('errors that say what to do', () => {
  const emulator = useEmulator();

  it.each([
    { args: ['-v'], line: "error: unknown option '-v'; did you mean -V (--version), as `flexflow-sync -V`?" },
    { args: ['plan', '-v'], line: "error: unknown option '-v'; did you mean -V (--version), as `flexflow-sync -V`?" },
    {
      args: ['plan', '--dry-run'],
      line: "error: unknown option '--dry-run'; plan never changes anything, so it has no --dry-run; `apply --dry-run` prints the API calls apply would make",
    },
  ])('$args: the usage error says what was meant', async ({ args, line }) => {
    const result = await runCli(args);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(line);
  });

  it('plan --out into a missing folder names the option and the folder', async () => {
    const result = await runCli(['plan', '--out', 'nodir/p.json'], { env: emulatorEnv(emulator()) });
    expect(result).toMatchObject({
      code: 1,
      stderr: 'error: --out nodir/p.json: the folder nodir does not exist; create it, or save the plan elsewhere\n',
    });
  });

  it('https:// to a plain-http server says it did not speak TLS, at once, and where the URL came from', async () => {
    const server = createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await runCli(['plan', '--api-url', `https://${host}`], { env: emulatorEnv(emulator()) });
      expect(result).toMatchObject({
        code: 1,
        stderr: `error: GET /v1/FlexFlows?PageSize=1000 to ${host} failed: EPROTO; the server did not speak TLS: is the URL http://${host} (from --api-url)?\n`,
      });
    } finally {
      server.close();
    }
  });

  it.each([
    {
      name: 'the account token',
      env: (): Record<string, string> => ({ ...emulatorEnv(emulator()), TWILIO_AUTH_TOKEN: 'wrong-token' }),
      used: (): string => `the auth token of account ${emulator().accountSid.slice(0, 8)}… (TWILIO_AUTH_TOKEN)`,
    },
    {
      name: 'an API key',
      env: (): Record<string, string> => ({
        ...emulatorEnv(emulator()),
        TWILIO_API_KEY: `SK${'e'.repeat(32)}`,
        TWILIO_API_SECRET: 'wrong-secret',
      }),
      used: (): string => 'the API key SKeeeeee… and its secret (TWILIO_API_KEY, TWILIO_API_SECRET)',
    },
  ])('a 401 says it was $name that was refused, with no secret', async ({ env, used }) => {
    const result = await runCli(['plan'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: GET \/v1\/FlexFlows\?PageSize=1000 failed: HTTP 401 \(Twilio error 20003\): .*; the request used (.*): check it\n$/,
    );
    expect(result.stderr).toContain(`the request used ${used()}: check it`);
    expect(result.stderr).not.toMatch(/wrong-(token|secret)/);
  });
});
