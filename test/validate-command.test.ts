import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

const FIVE = 'test/fixtures/flows/five-mistakes';
const FIVE_PROBLEMS = [
  {
    file: `${FIVE}/chat.yaml`,
    line: 3,
    column: 15,
    rule: 'enum',
    message: 'channel_type must be one of web, sms, facebook, whatsapp, line, custom; got "webchat"',
  },
  {
    file: `${FIVE}/nested/more.yaml`,
    line: 1,
    column: 16,
    rule: 'duplicate-name',
    message: `duplicate friendly_name "Web Chat": also declared at ${FIVE}/chat.yaml:1:16`,
  },
  { file: `${FIVE}/nested/more.yaml`, line: 4, column: 1, rule: 'unknown-key', message: 'unknown key "enabeld"; did you mean "enabled"?' },
  {
    file: `${FIVE}/sms.yml`,
    line: 2,
    column: 19,
    rule: 'pattern',
    message: 'chat_service_sid must be "IS" followed by 32 hex digits, got "IS0123"',
  },
  {
    file: `${FIVE}/sms.yml`,
    line: 6,
    column: 8,
    rule: 'url',
    message: 'integration.url must be an absolute https:// URL (http:// only for localhost, 127.0.0.1 or [::1])',
  },
];

describe('flexflow-sync validate', () => {
  const emptyDir = useTempDir('flexflow-validate-empty-');

  it('accepts the example flows and settings', async () => {
    expect(await runCli(['validate'])).toEqual({ code: 0, stdout: '', stderr: '6 flows and 1 address configuration in 5 files: valid\n' });
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

  it('--format json gives the same problems in a versioned report', async () => {
    const result = await runCli(['validate', '--dir', FIVE, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      format_version: 2,
      valid: false,
      files: 3,
      resources: [],
      problems: FIVE_PROBLEMS.map(({ file, line, column, message, rule }) => ({ file, line, column, message, rule })),
    });
  });

  describe('both kinds in one folder', () => {
    const bothKinds = (): string => {
      const dir = emptyDir();
      writeFileSync(
        path.join(dir, 'mixed.yaml'),
        `kind: flex-flow\nfriendly_name: Web\nchat_service_sid: IS${'0'.repeat(32)}\nchannel_type: web\n---\nkind: address-configuration\naddress: "+15005550006"\ntype: SMS\n`,
      );
      writeFileSync(path.join(dir, 'more.yaml'), `kind: address-configuration\naddress: support@example.com\ntype: email\n`);
      return dir;
    };

    it('counts each kind', async () => {
      expect(await runCli(['validate', '--dir', bothKinds()])).toEqual({
        code: 0,
        stdout: '',
        stderr: '1 flow and 2 address configurations in 2 files: valid\n',
      });
      expect((await runCli(['validate', 'examples/address-configurations.yaml'])).stderr).toBe(
        '3 address configurations in 1 file: valid\n',
      );
    });

    it('--format json names the kind and key of each resource', async () => {
      const dir = bothKinds();
      const result = await runCli(['validate', '--dir', '.', '--format', 'json'], { cwd: dir });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({
        format_version: 2,
        valid: true,
        files: 2,
        resources: [
          { kind: 'flex-flow', key: 'Web', file: 'mixed.yaml', line: 1, column: 1 },
          { kind: 'address-configuration', key: '+15005550006', file: 'mixed.yaml', line: 6, column: 1 },
          { kind: 'address-configuration', key: 'support@example.com', file: 'more.yaml', line: 1, column: 1 },
        ],
        problems: [],
      });
    });
  });

  it('reports an address like sip:alice@example.com as declared: a key is no URL, so nothing in it is redacted', async () => {
    const dir = emptyDir();
    const sip = 'kind: address-configuration\naddress: "sip:alice@example.com"\ntype: chat\n';
    writeFileSync(path.join(dir, 'a.yaml'), sip);
    writeFileSync(path.join(dir, 'b.yaml'), `${sip}friendly_name: https://u:SECRET@h.example.com\n`);
    const text = await runCli(['validate', '--dir', '.'], { cwd: dir });
    expect(text.stdout).toBe('b.yaml:2:10: duplicate address "sip:alice@example.com": also declared at a.yaml:2:10\n');
    rmSync(path.join(dir, 'b.yaml'));
    const json = JSON.parse((await runCli(['validate', '--dir', '.', '--format', 'json'], { cwd: dir })).stdout) as {
      resources: { key: string }[];
    };
    expect(json.resources.map(({ key }) => key)).toEqual(['sip:alice@example.com']);
  });

  it('warns about an empty flows folder and exits 0', async () => {
    const folder = emptyDir();
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
    expect(result.stdout).toContain(
      'chat_service_sid must be "IS" followed by 32 hex digits, got "https://***@h/x" (from "https://***@${host}/x")',
    );
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
      stderr:
        'flows/a.yaml:1:1: warning: "tmp-chat" is declared but ignored (it matches ignore in the settings): it will never be applied\n1 flow in 1 file: valid\n',
    });
  });

  it.each(['text', 'json'])(
    'refuses a flows folder that does not exist, as plan does (--format %s): a typo must not pass in CI',
    async (format) => {
      expect(await runCli(['validate', '--dir', 'test/fixtures/flows/does-not-exist', '--format', format])).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'error: flows folder test/fixtures/flows/does-not-exist does not exist; pass the right one with --dir (an empty folder manages no flow)\n',
      });
    },
  );

  it('fails on a missing --config', async () => {
    expect(await runCli(['validate', '--config', 'nope.yaml'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: settings file nope.yaml not found (--config)\n',
    });
  });

  describe('FILE… (what a pre-commit hook passes)', () => {
    const line = (p: (typeof FIVE_PROBLEMS)[number]): string => `${p.file}:${p.line}:${p.column}: ${p.message}\n`;

    it('checks only the named files, duplicates among them included', async () => {
      const result = await runCli(['validate', `${FIVE}/sms.yml`, `${FIVE}/nested/more.yaml`, `${FIVE}/sms.yml`]);
      expect(result).toEqual({
        code: 1,
        stdout: FIVE_PROBLEMS.filter((p) => p.rule !== 'duplicate-name' && !p.file.endsWith('chat.yaml'))
          .map(line)
          .join(''),
        stderr: '3 problems in 2 files\n',
      });
    });

    it('walks a folder among them as --dir does', async () => {
      const result = await runCli(['validate', FIVE]);
      expect(result.stdout).toBe(FIVE_PROBLEMS.map(line).join(''));
    });

    it('passes valid files', async () => {
      expect(await runCli(['validate', 'flows/social.yaml'])).toMatchObject({
        code: 0,
        stderr: expect.stringMatching(/^\d+ flows? in 1 file: valid\n$/) as unknown,
      });
    });

    it('refuses a path that does not exist, naming it', async () => {
      expect(await runCli(['validate', 'flows/social.yaml', 'flows/nope.yaml'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: flows/nope.yaml: no such file or folder; name flow files or folders that exist\n',
      });
    });

    it('refuses files together with --dir', async () => {
      const result = await runCli(['validate', '--dir', 'flows', 'flows/social.yaml']);
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: give either --dir or flow files, not both: --dir checks a whole folder, files check only themselves\n',
      });
    });
  });

  describe('a bad settings file or var file gives problems like a flow file', () => {
    const workspace = useTempDir('flexflow-validate-inputs-');
    const emulator = useEmulator();

    /** A folder with one valid flow using ${CHANNEL}, a settings file and a var file. */
    function inputs(settings: string, vars: string): string {
      const dir = workspace();
      mkdirSync(path.join(dir, 'flows'));
      writeFileSync(
        path.join(dir, 'flows', 'web.yaml'),
        `friendly_name: web\nchat_service_sid: IS${'0'.repeat(32)}\nchannel_type: \${CHANNEL}\n`,
      );
      writeFileSync(path.join(dir, 'flexflow-sync.yaml'), settings);
      writeFileSync(path.join(dir, 'vars.yaml'), vars);
      return dir;
    }
    const BAD_SETTINGS = 'prune: yes\npurne: true\n';
    const BAD_VARS = 'CHANNEL: web\n9lives: 1\n';
    const SETTINGS_PROBLEMS = [
      { file: 'flexflow-sync.yaml', line: 1, column: 8, message: 'prune must be true or false, got "yes"', rule: 'type' },
      { file: 'flexflow-sync.yaml', line: 2, column: 1, message: 'unknown key "purne"; did you mean "prune"?', rule: 'unknown-key' },
    ];
    const VAR_PROBLEM = {
      file: 'vars.yaml',
      line: 2,
      column: 1,
      message: 'variable name "9lives" must be letters, digits and _, not starting with a digit',
      rule: 'var-file',
    };
    const SETTINGS_LINES = SETTINGS_PROBLEMS.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}\n`).join('');
    const VAR_LINE = `vars.yaml:2:1: ${VAR_PROBLEM.message}\n`;

    it.each([
      { name: 'settings', settings: BAD_SETTINGS, vars: 'CHANNEL: web\n', expected: SETTINGS_PROBLEMS, summary: '2 problems in 1 file\n' },
      { name: 'var file', settings: 'prune: false\n', vars: BAD_VARS, expected: [VAR_PROBLEM], summary: '1 problem in 1 file\n' },
      {
        name: 'settings and var file',
        settings: BAD_SETTINGS,
        vars: BAD_VARS,
        expected: [...SETTINGS_PROBLEMS, VAR_PROBLEM],
        summary: '3 problems in 2 files\n',
      },
    ])('--format json prints the $name problems on stdout and exits 1', async ({ settings, vars, expected, summary }) => {
      const result = await runCli(['validate', '--var-file', 'vars.yaml', '--format', 'json'], { cwd: inputs(settings, vars) });
      expect(result.code).toBe(1);
      expect((JSON.parse(result.stdout) as { problems: unknown }).problems).toEqual(expected);
      expect(result.stderr).toBe(summary);
    });

    it('in GitHub Actions they become annotations', async () => {
      const dir = inputs(BAD_SETTINGS, BAD_VARS);
      const result = await runCli(['validate', '--var-file', 'vars.yaml'], {
        cwd: dir,
        env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`${SETTINGS_LINES}${VAR_LINE}`);
      expect(result.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual([
        '::error file=flexflow-sync.yaml,line=1,col=8,title=flexflow-sync%3A type::prune must be true or false, got "yes"',
        '::error file=flexflow-sync.yaml,line=2,col=1,title=flexflow-sync%3A unknown-key::unknown key "purne"; did you mean "prune"?',
        '::error file=vars.yaml,line=2,col=1,title=flexflow-sync%3A var-file::variable name "9lives" must be letters, digits and _, not starting with a digit',
      ]);
    });

    it.each([
      {
        bad: 'settings file',
        args: ['plan', '--var-file', 'vars.yaml'],
        settings: BAD_SETTINGS,
        vars: BAD_VARS,
        stderr: `${SETTINGS_LINES}error: 2 problems in the settings file; fix them and run again\n`,
      },
      {
        bad: 'var file',
        args: ['plan', '--var-file', 'vars.yaml'],
        settings: 'prune: false\n',
        vars: BAD_VARS,
        stderr: `${VAR_LINE}error: 1 problem in the var file; fix them and run again\n`,
      },
      {
        bad: 'settings file',
        args: ['apply', '--auto-approve'],
        settings: BAD_SETTINGS,
        vars: '',
        stderr: `${SETTINGS_LINES}error: 2 problems in the settings file; fix them and run again\n`,
      },
      {
        bad: 'var file',
        args: ['apply', '--auto-approve', '--var-file', 'vars.yaml'],
        settings: 'prune: false\n',
        vars: BAD_VARS,
        stderr: `${VAR_LINE}error: 1 problem in the var file; fix them and run again\n`,
      },
      {
        bad: 'settings file',
        args: ['export', '--dir', 'exported'],
        settings: BAD_SETTINGS,
        vars: '',
        stderr: `${SETTINGS_LINES}error: 2 problems in the settings file; fix them and run again\n`,
      },
      {
        bad: 'var file',
        args: ['migrate', '--var-file', 'vars.yaml'],
        settings: '',
        vars: BAD_VARS,
        stderr: `${VAR_LINE}error: 1 problem in the var file; fix them (flexflow-sync validate) and run migrate again\n`,
      },
    ])('$args.0 with a bad $bad lists each problem on its own line, then fails', async ({ args, settings, vars, stderr }) => {
      const result = await runCli(args, { cwd: inputs(settings, vars), env: emulatorEnv(emulator()) });
      expect(result).toEqual({ code: 1, stdout: '', stderr });
    });

    it('plan annotates them in GitHub Actions', async () => {
      const dir = inputs('prune: false\n', BAD_VARS);
      const result = await runCli(['plan', '--var-file', 'vars.yaml'], {
        cwd: dir,
        env: { ...emulatorEnv(emulator()), GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir },
      });
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual([
        '::error file=vars.yaml,line=2,col=1,title=flexflow-sync%3A var-file::variable name "9lives" must be letters, digits and _, not starting with a digit',
      ]);
    });
  });
});
