/**
 * Every kind of output the tool makes, searched for the auth token and a webhook password: text,
 * Markdown and JSON plans, the saved plan, dry runs, apply reports, the step summary, $GITHUB_OUTPUT,
 * annotations, errors (with FLEXFLOW_SYNC_DEBUG=1) and exported files (issue 12).
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE } from './helpers/fixtures.js';

const FILE_PASSWORD = 'file-pw-SECRET-4711';
const ENV_PASSWORD = 'env-pw-SECRET-0815';
const QUERY_TOKEN = 'query-token-SECRET-1312';

function hookFlow(name: string, url: string): string {
  return `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\nintegration_type: external\nintegration:\n  url: ${url}\n  retry_count: 1\n`;
}

/** Every file under `dir`, with its text. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      found.set(path, await readFile(path, 'utf8'));
    }
  }
  return found;
}

describe('no output holds a secret', () => {
  const emulator = useEmulator({ seed: 21 });
  const cwd = useTempDir('flexflow-leaks-');

  it('grep of every output kind for the token and the webhook passwords finds nothing', async () => {
    const runner = join(cwd(), 'runner');
    await mkdir(runner);
    await mkdir(join(cwd(), 'flows'));
    await writeFile(join(cwd(), 'flows', 'file.yaml'), hookFlow('From the file', `https://bot:${FILE_PASSWORD}@hooks.example.com/in`));
    await writeFile(
      join(cwd(), 'flows', 'query.yaml'),
      hookFlow('Token in the query', `https://hooks.example.com/q?tenant=7&token=${QUERY_TOKEN}`),
    );
    await writeFile(join(cwd(), 'flows', 'env.yaml'), hookFlow('From the environment', '${HOOK_URL}'));
    const token = emulator().authToken;
    const env = {
      ...emulatorEnv(emulator()),
      FLEXFLOW_VAR_HOOK_URL: `https://bot:${ENV_PASSWORD}@hooks.example.com/env`,
      FLEXFLOW_SYNC_DEBUG: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: cwd(),
      GITHUB_STEP_SUMMARY: join(runner, 'step_summary'),
      GITHUB_OUTPUT: join(runner, 'output'),
      RUNNER_TEMP: runner,
    };
    const runs: CliRun[] = [];
    const run = async (args: string[], extra: Record<string, string> = {}): Promise<CliRun> => {
      const result = await runCli(args, { cwd: cwd(), env: { ...env, ...extra } });
      runs.push(result);
      return result;
    };

    expect((await run(['validate'])).code).toBe(0);
    await run(['validate', '--format', 'json']);
    for (const format of ['text', 'markdown', 'json']) expect((await run(['plan', '--format', format])).code).toBe(0);
    expect((await run(['plan', '--out', 'plan.json', '--detailed-exitcode'])).code).toBe(2);
    await run(['apply', '--dry-run']);
    await run(['apply', '--dry-run', '--format', 'json']);
    expect((await run(['apply', 'plan.json', '--auto-approve', '--format', 'json'])).code).toBe(0);
    expect((await run(['plan', '--detailed-exitcode'])).code).toBe(0);
    // Errors: a stale saved plan, a changed password, a refused token, an ambiguous URL.
    expect((await run(['apply', 'plan.json', '--auto-approve'])).code).toBe(1);
    expect(
      (
        await run(['plan'], {
          FLEXFLOW_VAR_HOOK_URL: `https://bot:${ENV_PASSWORD}x@hooks.example.com/env`,
          TWILIO_AUTH_TOKEN: `${token}-wrong`,
        })
      ).code,
    ).toBe(1);
    await writeFile(join(cwd(), 'flows', 'bad.yaml'), hookFlow('Ambiguous', `"https:/bot:${FILE_PASSWORD}@hooks.example.com/x"`));
    expect((await run(['validate'])).code).toBe(1);
    expect((await run(['apply', '--auto-approve'])).code).toBe(1);
    // Export, in both layouts and with --vars, into folders of its own.
    const exported = await run(['export', '--dir', 'exported-one', '--vars', 'exported-vars.yaml']);
    expect(exported.stderr).toContain('its value is in the var file');
    expect(exported.code).toBe(0);
    // The var file holds the webhook credentials on purpose, readable by its owner alone.
    expect((await stat(join(cwd(), 'exported-vars.yaml'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(cwd(), 'exported-vars.yaml'), 'utf8')).toContain(FILE_PASSWORD);
    await rm(join(cwd(), 'exported-vars.yaml'));
    const perFlow = await run(['export', '--dir', 'exported-per-flow', '--layout', 'per-flow']);
    expect(perFlow.stderr).toContain('set FLEXFLOW_VAR_WEBHOOK_CREDENTIALS_');
    expect(perFlow.code).toBe(0);

    const outputs = [...runs.flatMap((result) => [result.stdout, result.stderr]), ...(await filesUnder(cwd())).entries()].map((entry) =>
      Array.isArray(entry) ? entry.join('\n') : entry,
    );
    const all = outputs.join('\n');
    // The files read hold the password on purpose; everything else must not.
    const leaks = outputs.filter(
      (text) =>
        !text.startsWith(join(cwd(), 'flows')) && [token, FILE_PASSWORD, ENV_PASSWORD, QUERY_TOKEN].some((secret) => text.includes(secret)),
    );
    expect(leaks).toEqual([]);
    // The search saw each kind of output.
    for (const sign of [
      '## flexflow-sync plan',
      '"format_version": 2',
      '"redaction_salt"',
      'Dry run:',
      'has-changes<<',
      '::error file=',
      'is stale',
      'HTTP 401',
      'WEBHOOK_CREDENTIALS_',
      'https://***@hooks.example.com/in',
      'https://hooks.example.com/q?tenant=7&token=***',
    ]) {
      expect(all).toContain(sign);
    }
  });
});
