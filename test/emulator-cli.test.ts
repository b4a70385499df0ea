import { describe, expect, it } from 'vitest';
import { createEmulatorCommand } from '../src/cli/commands/emulator.js';
import { captureIo, runCli } from './helpers/cli.js';

describe('flexflow-sync emulator', () => {
  it('prints paste-able settings, serves until stopped, then closes', async () => {
    const { io, stdout: out, stderr: err } = captureIo({ cwd: '/tmp' });
    const exit = { code: -1 };
    let stop: (signal: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const running = createEmulatorCommand(io, exit, () => stopped).parseAsync(
      ['--port', '0', '--seed', '3', '--latency', '5', '--rate-scale', '10', '--fail-create-name', 'Support*'],
      { from: 'user' },
    );

    await expect.poll(() => out()).toContain('# stats:');
    const url = /export FLEXFLOW_API_URL=(\S+)/.exec(out())?.[1] as string;
    expect(out().replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')).toBe(
      [
        'Twilio API emulator (Flex Flows, address configurations) listening on http://127.0.0.1:PORT',
        'export FLEXFLOW_API_URL=http://127.0.0.1:PORT',
        'export TWILIO_ACCOUNT_SID=AC00000000000000000000000000000000',
        'export TWILIO_AUTH_TOKEN=emulator-auth-token',
        'export FLEXFLOW_RATE_SCALE=10',
        '# API key alternative: TWILIO_API_KEY=SK00000000000000000000000000000000 TWILIO_API_SECRET=emulator-api-secret',
        "# rate limits: Twilio's × 10 (429 over them)",
        '# faults: latency 5 ms, creates of "Support*" fail; seed 3',
        '# state: in memory only (0 flows, 0 address configurations)',
        '# stats: GET /_emulator/stats, reset: POST /_emulator/reset; Ctrl+C stops',
        '',
      ].join('\n'),
    );
    expect((await fetch(`${url}/_emulator/stats`)).status).toBe(200);
    const auth = `Basic ${Buffer.from('AC00000000000000000000000000000000:emulator-auth-token').toString('base64')}`;
    const body = new URLSearchParams({ FriendlyName: 'Support SMS', ChatServiceSid: `IS${'a'.repeat(32)}`, ChannelType: 'sms' });
    expect((await fetch(`${url}/v1/FlexFlows`, { method: 'POST', headers: { authorization: auth }, body })).status).toBe(400);

    stop('SIGTERM');
    await running;
    expect(exit.code).toBe(0);
    expect(err()).toBe('SIGTERM: stopping the emulator\n');
    await expect(fetch(`${url}/_emulator/stats`)).rejects.toThrow();
  });

  it.each([
    { argv: ['--error-rate', '2'], message: 'error: --error-rate must be a number between 0 and 1, got 2\n' },
    { argv: ['--latency', 'soon'], message: "error: --latency must be a number, got 'soon'\n" },
    { argv: ['--port', '-1'], message: 'error: --port must be an integer between 0 and 65535, got -1\n' },
    { argv: ['--account-sid', 'AC1'], message: 'error: --account-sid must be an account SID: AC followed by 32 hex digits, got "AC1"\n' },
    {
      argv: ['--error-rate', '0.7', '--reset-rate', '0.7'],
      message: 'error: --error-rate + --reset-rate must be at most 1, got 0.7 + 0.7\n',
    },
    { argv: ['--rate-scale', '0.001'], message: 'error: --rate-scale must be a number from 0.01 to 1000000, got 0.001\n' },
    { argv: ['--fail-create-name', ''], message: 'error: --fail-create-name must be a non-empty string, got ""\n' },
  ])('refuses $argv with one clear line', async ({ argv, message }) => {
    expect(await runCli(['emulator', ...argv], { cwd: '/tmp' })).toEqual({ code: 1, stdout: '', stderr: message });
  });
});
