import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { PromptCancelled } from '../src/cli/io.js';
import type { EmulatorHandle } from '../src/emulator/index.js';
import { clientFor } from './helpers/flexClient.js';
import { type CliRun, runCli } from './helpers/cli.js';
import { useTempDir, writeFlowsFolder } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator, withEmulator } from './helpers/withEmulator.js';
import { applySummary, CHAT_SERVICE, FLOW_FILES, WEB_CHAT_WEBHOOK, webFlow } from './helpers/fixtures.js';

/** POSTs and DELETEs the emulator has seen: what "made no change" is measured by. */
function writes(handle: EmulatorHandle): number {
  const { by_method: byMethod } = handle.stats();
  return (byMethod.POST ?? 0) + (byMethod.DELETE ?? 0);
}

describe('flexflow-sync apply (against the emulator)', () => {
  let tick = 0;
  // A clock that moves one second per reading, so every write changes date_updated.
  const emulator = useEmulator({ seed: 5, now: () => new Date(Date.UTC(2026, 0, 1) + (tick += 1000)) });
  const tempDir = useTempDir('flexflow-apply-');
  let cwd: string;

  beforeEach(async () => {
    cwd = tempDir();
    await writeFlowsFolder(cwd, FLOW_FILES);
    await writeFile(join(cwd, 'flexflow-sync.yaml'), 'prune: true\n');
    // Live: one flow to update, one to delete; "Support SMS" is to be created.
    const client = clientFor(emulator());
    await client.create(webFlow('Web Chat', { enabled: false, integration_type: 'external', integration: { url: WEB_CHAT_WEBHOOK } }));
    await client.create(webFlow('Old Flow'));
  });

  interface RunOptions {
    readonly tty?: boolean;
    readonly answer?: string;
    readonly env?: Record<string, string>;
    readonly stdoutTTY?: boolean;
    /** Ctrl+C or Ctrl+D at the prompt instead of an answer. */
    readonly cancel?: PromptCancelled['how'];
  }

  async function run(args: string[], options: RunOptions = {}): Promise<CliRun & { prompts: string[] }> {
    const prompts: string[] = [];
    const prompt = (question: string): Promise<string> => {
      prompts.push(question);
      if (options.cancel !== undefined) return Promise.reject(new PromptCancelled(options.cancel));
      return Promise.resolve(options.answer ?? '');
    };
    const io = { stdinIsTTY: options.tty ?? false, env: { ...emulatorEnv(emulator()), ...options.env }, cwd, prompt };
    return { ...(await runCli(args, io, { terminal: options.stdoutTTY ?? false })), prompts };
  }

  it('applies a create/update/delete mix, one line per flow without a TTY; the next plan is empty', async () => {
    const result = await run(['apply', '--auto-approve']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Plan: 1 to create, 1 to update, 1 to delete, 0 unchanged');
    expect(
      lines.filter((line) => /^[+~-] (created|updated|deleted) /.test(line)).map((line) => line.replace(/ \(FO[0-9a-f]{32}\)$/, '')),
    ).toEqual(expect.arrayContaining(['+ created "Support SMS"', '~ updated "Web Chat"', '- deleted "Old Flow"']));
    expect(lines.at(-2)).toBe('Apply complete: 1 created, 1 updated, 1 deleted, 0 failed.');
    expect(result.stdout).not.toContain('s3cret');
    expect(await run(['plan', '--detailed-exitcode'])).toMatchObject({ code: 0, stdout: 'No changes. 2 flows unchanged.\n' });
  });

  /**
   * The terminal's lines after the plan, escapes removed, each result line (flows finish in any
   * order) as `<result>`; and the result lines, sorted.
   */
  function screenAfterPlan(stdout: string): { screen: string[]; results: string[] } {
    const lines = stripVTControlCharacters(stdout)
      .replace(/FO[0-9a-f]{32}/g, 'FO…')
      .split('\n');
    const after = lines.slice(lines.indexOf('    enabled: false → true') + 1);
    const isResult = (line: string): boolean => /^[+~-] (created|updated|deleted) /.test(line);
    return { screen: after.map((line) => (isResult(line) ? '<result>' : line)), results: after.filter(isResult).sort() };
  }

  it.each([
    { name: "a terminal keeps each flow's line above the spinner, then the counts", env: {}, counts: ['✔ 3/3 applied, 0 failed'] },
    { name: 'CI=true prints one line per flow even on a terminal, and no spinner', env: { CI: 'true' }, counts: [] },
  ])('progress: $name', async ({ env, counts }) => {
    const result = await run(['apply'], { tty: true, answer: 'yes', stdoutTTY: true, env });
    expect({ code: result.code, ...screenAfterPlan(result.stdout) }).toEqual({
      code: 0,
      // A blank line before the prompt (on stderr) and one after the answer.
      screen: ['', '', '<result>', '<result>', '<result>', ...counts, 'Apply complete: 1 created, 1 updated, 1 deleted, 0 failed.', ''],
      results: ['+ created "Support SMS" (FO…)', '- deleted "Old Flow" (FO…)', '~ updated "Web Chat" (FO…)'],
    });
  });

  it.each([
    { name: 'an empty --dir', dir: 'empty', make: () => mkdir(join(cwd, 'empty')) },
    {
      name: 'a --dir whose only file declares ignored flows',
      dir: 'ignored',
      make: () =>
        mkdir(join(cwd, 'ignored')).then(() =>
          writeFile(join(cwd, 'ignored', 'a.yaml'), 'friendly_name: tmp-1\nchat_service_sid: ' + CHAT_SERVICE + '\nchannel_type: web\n'),
        ),
    },
  ])('with $name, warns and deletes nothing', async ({ dir, make }) => {
    await make();
    await writeFile(join(cwd, 'flexflow-sync.yaml'), 'prune: true\nignore: [tmp-*]\n');
    const before = writes(emulator());
    const result = await run(['apply', '--auto-approve', '--dir', dir]);
    expect({ code: result.code, stderr: result.stderr, writes: writes(emulator()) - before }).toEqual({
      code: 0,
      stderr:
        dir === 'empty'
          ? 'warning: no flow files (.yaml, .yml) under empty; no flow is managed and nothing will be deleted\n'
          : 'ignored/a.yaml:1:1: warning: "tmp-1" is declared but ignored (it matches ignore in the settings): it will never be applied\n',
      writes: 0,
    });
  });

  it.each(['plan', 'apply'])('%s with a --dir that does not exist is an error, not "No changes"', async (command) => {
    const result = await run(
      [command, '--auto-approve', '--dir', 'no-such-folder'].filter((arg) => command === 'apply' || arg !== '--auto-approve'),
    );
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'error: flows folder no-such-folder does not exist; pass the right one with --dir (an empty folder manages no flow)\n',
    });
  });

  it('without a terminal, refuses to run without --auto-approve and changes nothing', async () => {
    const before = writes(emulator());
    const result = await run(['apply']);
    expect({ code: result.code, error: result.stderr.trim().split('\n').at(-1), writes: writes(emulator()) - before }).toEqual({
      code: 1,
      error: 'error: stdin is not a terminal, so apply cannot ask for confirmation; review the plan and run again with --auto-approve',
      writes: 0,
    });
  });

  it.each([
    { answer: 'no', code: 1, applied: false },
    { answer: 'y', code: 1, applied: false },
    { answer: 'yes', code: 0, applied: true },
  ])('on a terminal asks first; answer $answer', async ({ answer, code, applied }) => {
    const before = writes(emulator());
    const result = await run(['apply'], { tty: true, answer });
    expect({ code: result.code, prompts: result.prompts, changed: writes(emulator()) > before }).toEqual({
      code,
      prompts: ['Apply these changes? Only "yes" is accepted: '],
      changed: applied,
    });
    if (!applied) expect(result.stdout).toContain('Apply cancelled; nothing was changed.');
  });

  it.each([
    { key: 'Ctrl+C', cancel: 'interrupt' as const, code: 130 },
    { key: 'Ctrl+D', cancel: 'end' as const, code: 1 },
  ])('$key at the prompt cancels: nothing is changed, exit $code', async ({ cancel, code }) => {
    const before = writes(emulator());
    const result = await run(['apply'], { tty: true, cancel });
    expect({
      code: result.code,
      last: result.stdout.split('\n').at(-2),
      stderr: result.stderr,
      changed: writes(emulator()) > before,
    }).toEqual({
      code,
      last: 'Apply cancelled; nothing was changed.',
      stderr: '',
      changed: false,
    });
  });

  it('--dry-run prints every call with secrets redacted and makes no write request', async () => {
    const before = writes(emulator());
    const result = await run(['apply', '--dry-run']);
    expect(writes(emulator()) - before).toBe(0);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: 3 API calls would be made, none was:\nPOST /v1/FlexFlows  # create "Support SMS"\n');
    expect(result.stdout).toMatch(/POST \/v1\/FlexFlows\/FO[0-9a-f]{32} {2}# update "Web Chat"\n {2}Enabled="true"\n/);
    expect(result.stdout).toMatch(/DELETE \/v1\/FlexFlows\/FO[0-9a-f]{32} {2}# delete "Old Flow"\n$/);
    expect(result.stdout).not.toContain('s3cret');
  });

  it('--dry-run --format json prints only the calls as versioned JSON on stdout, the text on stderr', async () => {
    const result = await run(['apply', '--dry-run', '--format', 'json']);
    const document = JSON.parse(result.stdout) as { format_version: number; dry_run: boolean; calls: { method: string; key: string }[] };
    expect({
      code: result.code,
      version: document.format_version,
      dryRun: document.dry_run,
      calls: document.calls.map((call) => `${call.method} ${call.key}`),
    }).toEqual({
      code: 0,
      version: 3,
      dryRun: true,
      calls: ['POST Support SMS', 'POST Web Chat', 'DELETE Old Flow'],
    });
    expect(result.stderr).toMatch(
      /^Plan: 1 to create, 1 to update, 1 to delete, 0 unchanged\n[^]*\nDry run: 3 API calls would be made, none was:\n/,
    );
    expect(result.stdout + result.stderr).not.toContain('s3cret');
  });

  it('applies a saved plan exactly, restoring redacted webhook credentials from the files', async () => {
    await clientFor(emulator()).create(webFlow('Unplanned'));
    // The saved plan creates "Web Chat" with its webhook, so start without it.
    const client = clientFor(emulator());
    const [web] = await client.list({ friendlyName: 'Web Chat' });
    await client.remove(web?.sid ?? '');
    expect((await run(['plan', '--out', 'plan.json'])).code).toBe(0);
    expect(await readFile(join(cwd, 'plan.json'), 'utf8')).not.toContain('s3cret');
    const result = await run(['apply', 'plan.json', '--auto-approve']);
    expect(result.stdout.split('\n').at(-2)).toBe('Apply complete: 2 created, 0 updated, 2 deleted, 0 failed.');
    const [created] = await client.list({ friendlyName: 'Web Chat' });
    expect(created?.integration?.url).toBe(WEB_CHAT_WEBHOOK);
  });

  it('refuses a stale saved plan, naming the flows, and applies nothing', async () => {
    expect((await run(['plan', '--out', 'plan.json'])).code).toBe(0);
    const client = clientFor(emulator());
    const [web] = await client.list({ friendlyName: 'Web Chat' });
    await client.update(web?.sid ?? '', { contact_identity: 'edited in the Console' });
    await client.create(webFlow('Support SMS'));
    const before = writes(emulator());
    const result = await run(['apply', 'plan.json', '--auto-approve']);
    expect({ code: result.code, stderr: result.stderr, writes: writes(emulator()) - before }).toEqual({
      code: 1,
      stderr:
        'error: the saved plan plan.json is stale: 2 flows changed since it was made ("Support SMS", "Web Chat"); nothing was applied; run plan again\n',
      writes: 0,
    });
  });

  it('reports failures with their Twilio code, keeps writing, skips the deletes and exits 1; --format json prints the report', async () => {
    await writeFile(join(cwd, 'flows', 'broken.yaml'), `friendly_name: Broken\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`);
    expect((await run(['plan', '--out', 'plan.json'])).code).toBe(0);
    // A hand-edited plan that Twilio will refuse: a create without its required channel type.
    const saved = JSON.parse(await readFile(join(cwd, 'plan.json'), 'utf8')) as {
      changes: { key: string; after?: Record<string, unknown> }[];
    };
    delete saved.changes.find((change) => change.key === 'Broken')?.after?.channel_type;
    await writeFile(join(cwd, 'plan.json'), JSON.stringify(saved));
    const result = await run(['apply', 'plan.json', '--auto-approve', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      format_version: number;
      summary: unknown;
      results: { key: string; status: string; error?: unknown }[];
    };
    expect({ version: report.format_version, summary: report.summary }).toEqual({
      version: 3,
      summary: applySummary({ created: 1, updated: 1, failed: 1, skipped: 1 }),
    });
    expect(report.results.find((r) => r.key === 'Broken')).toMatchObject({
      status: 'failed',
      error: { code: 'E_API', http_status: 400, twilio_code: 20001 },
    });
    expect(result.stderr).toContain(
      'Apply finished with failures: 1 created, 1 updated, 0 deleted, 1 failed, 1 skipped.\n\nFailed (1):\n  ! failed to create "Broken": POST /v1/FlexFlows failed: HTTP 400 (Twilio error 20001)',
    );
    expect(result.stderr).toMatch(
      /\nSkipped \(1\):\n {2}! skipped the delete of "[^"]+" \(FO[0-9a-f]{32}\): the create of "Broken" did not succeed, and deletes run only after every create and update succeeded\n/,
    );
  });

  it('caps requests in flight at --concurrency', async () => {
    for (let i = 0; i < 30; i += 1) {
      await writeFile(
        join(cwd, 'flows', `extra-${i}.yaml`),
        `friendly_name: Extra ${i}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`,
      );
    }
    emulator().reset();
    const result = await run(['apply', '--auto-approve', '--concurrency', '3']);
    expect(result.code).toBe(0);
    expect(emulator().stats().peak_in_flight).toBeLessThanOrEqual(3);
  });

  it('runs without a settings file, as plan does; an explicit --config must exist', async () => {
    await rm(join(cwd, 'flexflow-sync.yaml'));
    const result = await run(['apply', '--auto-approve']);
    // Without the settings file prune is off, so "Old Flow" is kept.
    expect({ code: result.code, stderr: result.stderr, summary: result.stdout.split('\n').at(-2) }).toEqual({
      code: 0,
      stderr: '',
      summary: 'Apply complete: 1 created, 1 updated, 0 deleted, 0 failed.',
    });
    expect(await run(['apply', '--auto-approve', '--config', 'missing.yaml'])).toMatchObject({
      code: 1,
      stderr: 'error: settings file missing.yaml not found (--config)\n',
    });
  });

  it.each([
    { option: '--concurrency', flag: '0', message: 'error: --concurrency must be a whole number from 1 to 100, not "0"\n' },
    { option: '--concurrency', flag: 'many', message: 'error: --concurrency must be a whole number from 1 to 100, not "many"\n' },
    { option: '--migrate-concurrency', flag: '0', message: 'error: --migrate-concurrency must be a whole number from 1 to 100, not "0"\n' },
    {
      option: '--migrate-concurrency',
      flag: '1.5',
      message: 'error: --migrate-concurrency must be a whole number from 1 to 100, not "1.5"\n',
    },
  ])('rejects $option $flag', async ({ option, flag, message }) => {
    expect(await run(['apply', option, flag])).toMatchObject({ code: 1, stderr: message });
  });
});

describe("flexflow-sync apply against Twilio's own rate limits", () => {
  const cwd = useTempDir('flexflow-apply-paced-');

  async function applyThreeCreates(settings: string): Promise<{ code: number; throttled: number }> {
    await mkdir(join(cwd(), 'flows'), { recursive: true });
    const flow = (name: string) => `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`;
    await writeFile(join(cwd(), 'flows', 'three.yaml'), ['A', 'B', 'C'].map(flow).join('---\n'));
    await writeFile(join(cwd(), 'flexflow-sync.yaml'), settings);
    const emulator = await withEmulator({ rateScale: 1 });
    const result = await runCli(['apply', '--auto-approve'], { cwd: cwd(), env: emulatorEnv(emulator) });
    return { code: result.code, throttled: emulator.stats().by_status['429'] ?? 0 };
  }

  it('paces creates to 2 a second and meets no 429', async () => {
    expect(await applyThreeCreates('')).toEqual({ code: 0, throttled: 0 });
  });

  it('paces to rate_limits from the settings: claiming more than the account allows meets 429s, retried', async () => {
    const outcome = await applyThreeCreates('rate_limits: { create: 1000 }\n');
    expect(outcome.code).toBe(0);
    expect(outcome.throttled).toBeGreaterThan(0);
  });
});
