/**
 * Flow files arrive in pull requests: each test plays an attacker through the real CLI and checks
 * that nothing leaks, nothing hangs and nothing is written where it must not be (issue 12).
 */
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE } from './helpers/fixtures.js';

/** A valid web flow named `name`, with `extra` YAML lines after the required keys. */
function flowYaml(name: string, extra = ''): string {
  return `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n${extra}`;
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
      // plan lists while it loads the files (issue 14), so a read may have started; nothing is written.
      expect(Object.keys(emulator().stats().by_method).filter((method) => method !== 'GET')).toEqual([]);
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

  describe('2. webhook URLs are validated and redacted by the WHATWG parser', () => {
    const external = (url: string): string => flowYaml('Hook', `integration_type: external\nintegration:\n  url: ${url}\n`);

    it.each([
      { name: 'a second @', url: '"https://u:p@SECRET@hooks.example.com/x"' },
      { name: 'one slash', url: '"https:/u:SECRET@hooks.example.com/x"' },
      { name: 'no slash', url: '"https:u:SECRET@hooks.example.com/x"' },
      { name: 'backslashes', url: "'https:\\\\u:SECRET@hooks.example.com/x'" },
      { name: 'whitespace in the userinfo', url: '"https://u: SECRET@hooks.example.com/x"' },
      { name: 'a tab in the userinfo', url: '"https://u:\\tSECRET@hooks.example.com/x"' },
    ])('refuses $name at file:line:col and never prints the password', async ({ url }) => {
      await writeFlow(external(url));
      const env = emulatorEnv(emulator());
      for (const args of [
        ['validate'],
        ['validate', '--format', 'json'],
        ['plan'],
        ['plan', '--format', 'markdown'],
        ['apply', '--dry-run'],
      ]) {
        const result = await runCli(args, { cwd: cwd(), env });
        expect(result.code).toBe(1);
        expect(`${result.stdout}${result.stderr}`).toMatch(
          /flows\/a\.yaml:6:8: integration\.url must be written as a URL parser reads it, "https:\/\/\*\*\*@hooks\.example\.com\/x" \(credentials hidden\)|"line": 6/,
        );
        expect(`${result.stdout}${result.stderr}`).not.toContain('SECRET');
      }
    });

    it("accepts the parser's own spelling (host case and a bare origin aside) and redacts it everywhere", async () => {
      await writeFlow(external('https://bot:SECRET@Hooks.Example.com'));
      const plan = await runCli(['plan'], { cwd: cwd(), env: emulatorEnv(emulator()) });
      expect(plan.code).toBe(0);
      expect(plan.stdout).toContain('integration.url: "https://***@hooks.example.com/"');
      expect(plan.stdout).not.toContain('SECRET');
    });

    it("validate never quotes a URL's password in a name, identity or renamed_from message (text, json, annotations)", async () => {
      await writeFlow(
        `${flowYaml('"https://u:NAMEPW@h/x"', 'contact_identity: "https://u:CIPW@h/x"\nrenamed_from: ["https://u:RENPW@h/y"]\n')}`,
        'a.yaml',
      );
      await writeFlow(
        `${flowYaml('"https://u:NAMEPW@h/x"', 'contact_identity: "https://u:CIPW@h/x"\nrenamed_from: ["https://u:RENPW@h/y"]\n')}`,
        'b.yaml',
      );
      for (const [args, env] of [
        [['validate'], {}],
        [['validate', '--format', 'json'], {}],
        [['validate'], { GITHUB_ACTIONS: 'true' }],
      ] as const) {
        const result = await runCli([...args], { cwd: cwd(), env });
        expect(result.code).toBe(1);
        expect(`${result.stdout}${result.stderr}`).toMatch(/duplicate friendly_name/);
        expect(`${result.stdout}${result.stderr}`).not.toMatch(/NAMEPW|CIPW|RENPW/);
      }
    });
  });

  describe('4. a saved plan refuses a changed webhook password that redacts the same', () => {
    it('plan --out with one password, apply PLANFILE after the file changed it: refused, nothing applied', async () => {
      const hook = (password: string): string =>
        flowYaml('Hook', `integration_type: external\nintegration:\n  url: https://bot:${password}@hooks.example.com/in\n`);
      const env = emulatorEnv(emulator());
      await writeFlow(hook('first-SECRET'));
      expect((await runCli(['plan', '--out', 'plan.json'], { cwd: cwd(), env })).code).toBe(0);
      const saved = await readFile(join(cwd(), 'plan.json'), 'utf8');
      expect(saved).not.toContain('first-SECRET');
      expect(saved).toMatch(/"sha256": "[0-9a-f]{64}"/);
      await writeFlow(hook('second-SECRET'));
      const apply = await runCli(['apply', 'plan.json', '--auto-approve'], { cwd: cwd(), env });
      expect(apply).toMatchObject({ code: 1, stdout: '' });
      expect(apply.stderr).toContain(
        'error: the saved plan\'s integration.url of flow "Hook" holds a redacted secret that the files no longer declare',
      );
      expect(emulator().stats().by_method.POST ?? 0).toBe(0);
      await writeFlow(hook('first-SECRET'));
      expect((await runCli(['apply', 'plan.json', '--auto-approve'], { cwd: cwd(), env })).code).toBe(0);
      expect(emulator().stats().by_method.POST).toBe(1);
    });
  });

  describe('3. every text pass is linear, and every value has a length limit', () => {
    it('refuses a 300 kB SID and a 900 kB friendly_name at once, with one line each', async () => {
      await writeFlow(`friendly_name: a\nchat_service_sid: IS${'f'.repeat(300_000)}\nchannel_type: web\n`, 'sid.yaml');
      await writeFlow(flowYaml('b'.repeat(900_000)), 'name.yaml');
      await writeFlow(flowYaml('c', `contact_identity: "${'a:@'.repeat(100_000)}"\n`), 'identity.yaml');
      const result = await runCli(['validate'], { cwd: cwd() });
      expect(result).toEqual({
        code: 1,
        stdout:
          'flows/identity.yaml:4:19: contact_identity must be at most 256 characters, got 300000; shorten it\n' +
          'flows/name.yaml:1:16: friendly_name must be at most 256 characters, got 900000; shorten it\n' +
          `flows/sid.yaml:2:19: chat_service_sid must be "IS" followed by 32 hex digits, got "IS${'f'.repeat(55)}..."\n`,
        stderr: '3 problems in 3 files\n',
      });
    });

    it('plan refuses a 3,000-character webhook URL before any write', async () => {
      await writeFlow(
        flowYaml('Hook', `integration_type: external\nintegration:\n  url: https://bot:SECRET@h.example.com/${'x:@'.repeat(1000)}\n`),
      );
      const result = await runCli(['plan'], { cwd: cwd(), env: emulatorEnv(emulator()) });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('flows/a.yaml:6:8: integration.url must be at most 2048 characters, got 3033; shorten it\n');
      expect(result.stderr).not.toContain('SECRET');
      expect(Object.keys(emulator().stats().by_method).filter((method) => method !== 'GET')).toEqual([]);
    });
  });

  describe('11. integers the API cannot hold', () => {
    it('refuses timeout: 1e21 and priority: 9007199254740993 instead of sending what JSON makes of them', async () => {
      const WS = 'WS' + '1'.repeat(32);
      const WW = 'WW' + '2'.repeat(32);
      await writeFlow(
        flowYaml(
          'Task',
          `integration_type: task\nintegration:\n  workspace_sid: ${WS}\n  workflow_sid: ${WW}\n  timeout: 1e21\n  priority: 9007199254740993\n`,
        ),
      );
      const result = await runCli(['validate'], { cwd: cwd() });
      expect(result.stdout).toBe(
        'flows/a.yaml:8:12: integration.timeout must be between 0 and 2147483647, got 1e+21\n' +
          'flows/a.yaml:9:13: integration.priority must be between 0 and 2147483647, got 9007199254740992\n',
      );
      expect(result.code).toBe(1);
    });
  });

  describe("9. no workflow command but the tool's own, no terminal escapes", () => {
    /** Lines the runner would read as workflow commands (it ignores leading blanks). */
    const commandLines = (text: string): string[] => text.split('\n').filter((line) => /^\s*(::|##\[)/.test(line));

    it('escapes file names, YAML keys and var-file keys; in Actions only its own annotations start with ::', async () => {
      await writeFile(join(cwd(), '::error::file-name.yaml'), flowYaml('x', '"\\n::error::yaml-key\\u001b[2J": 1\n'));
      await writeFile(join(cwd(), '.vars.yaml'), '"\\n##[error]var-key": 1\n');
      const actions = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: cwd() };
      const invalidVars = await runCli(['validate', '--dir', '.', '--var-file', '.vars.yaml'], { cwd: cwd(), env: actions });
      expect(invalidVars.stdout).toBe(
        '.vars.yaml:1:1: variable name "\\n##[error]var-key" must be letters, digits and _, not starting with a digit\n',
      );
      expect(commandLines(invalidVars.stdout)).toEqual([]);
      expect(commandLines(invalidVars.stderr)).toEqual([
        '::error file=.vars.yaml,line=1,col=1,title=flexflow-sync%3A var-file::variable name "\\n##[error]var-key" must be letters, digits and _, not starting with a digit',
      ]);
      const result = await runCli(['validate', '--dir', '.'], { cwd: cwd(), env: actions });
      expect(result.stdout).toBe(
        '\\::error::file-name.yaml:4:1: unknown key "\\n::error::yaml-key\\u001b[2J"; allowed keys: friendly_name, chat_service_sid, chat_service, channel_type, ' +
          'contact_identity, enabled, integration_type, long_lived, janitor_enabled, integration, renamed_from, kind\n',
      );
      expect(commandLines(result.stdout)).toEqual([]);
      expect(commandLines(result.stderr)).toEqual([
        '::error file=%3A%3Aerror%3A%3Afile-name.yaml,line=4,col=1,title=flexflow-sync%3A unknown-key::unknown key "\\n::error::yaml-key\\u001b[2J"; ' +
          'allowed keys: friendly_name, chat_service_sid, chat_service, channel_type, contact_identity, enabled, integration_type, long_lived, janitor_enabled, integration, renamed_from, kind',
      ]);
    });
  });

  describe('10. names that cannot round-trip or that spoof the display', () => {
    it.each([
      { name: 'a lone surrogate', yaml: '"a\\ud800b"', found: 'U+D800 at character 2' },
      { name: 'a right-to-left override', yaml: '"invoice\\u202etxt.exe"', found: 'U+202E at character 8' },
      { name: 'a C0 control (escape)', yaml: '"red\\e[31m"', found: 'U+001B at character 4' },
      { name: 'a C1 control', yaml: '"next\\x85line"', found: 'U+0085 at character 5' },
    ])('refuses $name at file:line:col', async ({ yaml, found }) => {
      await writeFlow(flowYaml(yaml));
      const result = await runCli(['validate'], { cwd: cwd() });
      expect(result).toMatchObject({
        code: 1,
        stdout: `flows/a.yaml:1:16: friendly_name must not hold control characters, bidirectional controls or unpaired surrogates (${found}); remove it\n`,
      });
    });

    it('refuses leading or trailing whitespace, in renamed_from too', async () => {
      await writeFlow(flowYaml('" padded"', 'renamed_from: ["old "]\n'));
      const result = await runCli(['validate'], { cwd: cwd() });
      expect(result.stdout).toBe(
        'flows/a.yaml:1:16: friendly_name must not start or end with whitespace; remove it\n' +
          'flows/a.yaml:4:16: renamed_from must not start or end with whitespace; remove it\n',
      );
    });
  });

  describe('12. plan --out writes only regular files, never a neighbour', () => {
    it('refuses to replace a named pipe', async () => {
      execFileSync('mkfifo', [join(cwd(), 'plan.json')]);
      await writeFlow(flowYaml('A'));
      const result = await runCli(['plan', '--out', 'plan.json'], { cwd: cwd(), env: emulatorEnv(emulator()) });
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(
        'error: plan.json: exists and is not a regular file (a folder, symlink, pipe or device); move it away or name another file, and run again\n',
      );
      expect((await lstat(join(cwd(), 'plan.json'))).isFIFO()).toBe(true);
    });

    it('apply and show refuse a plan file that is a named pipe or a device, instead of waiting or reading forever', async () => {
      execFileSync('mkfifo', [join(cwd(), 'plan.json')]);
      await writeFlow(flowYaml('A'));
      for (const [args, file] of [
        [['apply', 'plan.json', '--auto-approve'], 'plan.json'],
        [['show', '/dev/zero'], '/dev/zero'],
      ] as const) {
        const result = await runCli([...args], { cwd: cwd(), env: emulatorEnv(emulator()) });
        expect(result).toMatchObject({ code: 1, stdout: '' });
        expect(result.stderr).toBe(`error: plan file ${file} is not a regular file; make one with \`flexflow-sync plan --out ${file}\`\n`);
      }
    });

    it('in Actions, --out README.json leaves README.md alone', async () => {
      await writeFile(join(cwd(), 'README.md'), 'hand-written\n');
      await writeFlow(flowYaml('A'));
      await mkdir(join(cwd(), 'runner'));
      const env = { ...emulatorEnv(emulator()), GITHUB_ACTIONS: 'true', RUNNER_TEMP: join(cwd(), 'runner') };
      const result = await runCli(['plan', '--out', 'README.json'], { cwd: cwd(), env });
      expect(result.code).toBe(0);
      expect(await readFile(join(cwd(), 'README.md'), 'utf8')).toBe('hand-written\n');
    });
  });
});
