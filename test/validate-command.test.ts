import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';

const FIVE = 'test/fixtures/flows/five-mistakes';
const FIVE_PROBLEMS = [
  { file: `${FIVE}/chat.yaml`, line: 3, column: 15, rule: 'enum', message: 'channel_type must be one of web, sms, facebook, whatsapp, line, custom; got "webchat"' },
  { file: `${FIVE}/nested/more.yaml`, line: 1, column: 16, rule: 'duplicate-name', message: `duplicate friendly_name "Web Chat": also declared at ${FIVE}/chat.yaml:1:16` },
  { file: `${FIVE}/nested/more.yaml`, line: 4, column: 1, rule: 'unknown-key', message: 'unknown key "enabeld"; did you mean "enabled"?' },
  { file: `${FIVE}/sms.yml`, line: 2, column: 19, rule: 'pattern', message: 'chat_service_sid must be "IS" followed by 32 hex digits, got "IS0123"' },
  { file: `${FIVE}/sms.yml`, line: 6, column: 8, rule: 'url', message: 'integration.url must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])' },
];

describe('flexflow-sync validate', () => {
  const emptyDir = useTempDir('flexflow-validate-empty-');

  it('accepts the example flows and settings', async () => {
    expect(await runCli(['validate'])).toEqual({ code: 0, stdout: '', stderr: '6 flows in 4 files: valid\n' });
  });

  it('prints all five mistakes of three files, sorted, and exits 1', async () => {
    const result = await runCli(['validate', '--dir', FIVE]);
    expect(result).toEqual({
      code: 1,
      stdout: FIVE_PROBLEMS.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}\n`).join(''),
      stderr: '5 problems in 3 files\n',
    });
  });

  it('refuses files that declare more flows than an account may hold, at the first one past 2,500', async () => {
    const dir = emptyDir();
    const flow = (i: number) => `friendly_name: flow ${i}\nchat_service_sid: IS${'0'.repeat(32)}\nchannel_type: web\n`;
    writeFileSync(path.join(dir, 'a.yaml'), Array.from({ length: 2000 }, (_, i) => flow(i)).join('---\n'));
    writeFileSync(path.join(dir, 'b.yaml'), Array.from({ length: 501 }, (_, i) => flow(2000 + i)).join('---\n'));
    const result = await runCli(['validate', '--dir', '.'], { cwd: dir });
    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 1,
      stdout: 'b.yaml:2001:16: flow 2,501 of 2,501 declared: Twilio allows at most 2,500 flows per account; declare at most 2,500\n',
    });
  });

  it('--format json gives the same problems as a JSON array', async () => {
    const result = await runCli(['validate', '--dir', FIVE, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual(FIVE_PROBLEMS.map(({ file, line, column, message, rule }) => ({ file, line, column, message, rule })));
  });

  it.each([
    { name: 'a missing flows folder', dir: () => 'test/fixtures/flows/does-not-exist' },
    { name: 'an empty flows folder', dir: () => emptyDir() },
  ])('warns about $name and exits 0', async ({ dir }) => {
    const folder = dir();
    expect(await runCli(['validate', '--dir', folder])).toEqual({
      code: 0,
      stdout: '',
      stderr: `warning: no flow files (.yaml, .yml) under ${folder}; no flow is managed and nothing will be deleted\n`,
    });
  });

  it('shows the text a value came from with its webhook credentials redacted', async () => {
    const dir = emptyDir();
    writeFileSync(
      path.join(dir, 'a.yaml'),
      'friendly_name: a\nchannel_type: web\nchat_service_sid: "https://u:secretpw@${HOST}/x"\nintegration_type: studio\nintegration:\n  flow_sid: FW00000000000000000000000000000000\n',
    );
    const result = await runCli(['validate', '--dir', dir], { env: { FLEXFLOW_VAR_HOST: 'h' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('chat_service_sid must be "IS" followed by 32 hex digits, got "https://***@h/x" (from "https://***@${host}/x")');
    expect(result.stdout).not.toContain('secretpw');
  });

  it('warns about a declared flow that an ignore glob matches: it would never be applied', async () => {
    const cwd = emptyDir();
    mkdirSync(path.join(cwd, 'flows'));
    writeFileSync(path.join(cwd, 'flows', 'a.yaml'), `friendly_name: tmp-chat\nchannel_type: web\nchat_service_sid: IS${'0'.repeat(32)}\n`);
    writeFileSync(path.join(cwd, 'flexflow-sync.yaml'), 'ignore: ["tmp-*"]\n');
    expect(await runCli(['validate'], { cwd })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'flows/a.yaml:1:1: warning: "tmp-chat" is declared but ignored (it matches ignore in the settings): it will never be applied\n1 flow in 1 file: valid\n',
    });
  });

  it('fails on a missing --config', async () => {
    expect(await runCli(['validate', '--config', 'nope.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'error: settings file nope.yaml not found (--config)\n' });
  });

  describe('FILE… (what a pre-commit hook passes)', () => {
    const line = (p: (typeof FIVE_PROBLEMS)[number]): string => `${p.file}:${p.line}:${p.column}: ${p.message}\n`;

    it('checks only the named files, duplicates among them included', async () => {
      const result = await runCli(['validate', `${FIVE}/sms.yml`, `${FIVE}/nested/more.yaml`, `${FIVE}/sms.yml`]);
      expect(result).toEqual({ code: 1, stdout: FIVE_PROBLEMS.filter((p) => p.rule !== 'duplicate-name' && !p.file.endsWith('chat.yaml')).map(line).join(''), stderr: '3 problems in 2 files\n' });
    });

    it('walks a folder among them as --dir does', async () => {
      const result = await runCli(['validate', FIVE]);
      expect(result.stdout).toBe(FIVE_PROBLEMS.map(line).join(''));
    });

    it('passes valid files', async () => {
      expect(await runCli(['validate', 'flows/social.yaml'])).toMatchObject({ code: 0, stderr: expect.stringMatching(/^\d+ flows? in 1 file: valid\n$/) as unknown });
    });

    it('refuses a path that does not exist, naming it', async () => {
      expect(await runCli(['validate', 'flows/social.yaml', 'flows/nope.yaml'])).toEqual({ code: 1, stdout: '', stderr: 'error: flows/nope.yaml: no such file or folder; name flow files or folders that exist\n' });
    });

    it('refuses files together with --dir', async () => {
      const result = await runCli(['validate', '--dir', 'flows', 'flows/social.yaml']);
      expect(result).toEqual({ code: 1, stdout: '', stderr: 'error: give either --dir or flow files, not both: --dir checks a whole folder, files check only themselves\n' });
    });
  });
});
