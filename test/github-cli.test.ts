import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PLAN_COMMENT_MARKER } from '../src/render/markdown.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { commandLines, parseOutputFile } from './helpers/githubRunner.js';
import { useTempDir } from './helpers/tempDir.js';
import { clientFor } from './helpers/flexClient.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';

/**
 * A name that tries to end the current line and issue workflow commands of its own. validate refuses
 * it in a file, so it arrives as a live flow's name or as a YAML key.
 */
const EVIL_NAME = 'Evil\n::set-output name=has-changes::false\n::add-mask::x,y:%0A';
const EVIL_LIVE_FLOW = { friendly_name: EVIL_NAME, chat_service_sid: CHAT_SERVICE, channel_type: 'web' } as const;

function flowYaml(name: string): string {
  return [
    `friendly_name: ${JSON.stringify(name)}`,
    `chat_service_sid: ${CHAT_SERVICE}`,
    'channel_type: web',
    'enabled: true',
    'integration_type: studio',
    'integration:',
    `  flow_sid: ${STUDIO_FLOW}`,
    '',
  ].join('\n');
}

describe('flexflow-sync in GitHub Actions', () => {
  const emulator = useEmulator({ seed: 3 });
  const cwd = useTempDir('flexflow-github-');
  let summaryFile: string;
  let outputFile: string;

  beforeEach(async () => {
    await mkdir(join(cwd(), 'flows'));
    await mkdir(join(cwd(), 'runner'));
    summaryFile = join(cwd(), 'runner', 'step_summary');
    outputFile = join(cwd(), 'runner', 'output');
    await writeFile(summaryFile, '');
    await writeFile(outputFile, '');
  });

  function run(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
    return runCli(args, {
      env: {
        ...emulatorEnv(emulator()),
        GITHUB_ACTIONS: 'true',
        GITHUB_WORKSPACE: cwd(),
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: join(cwd(), 'runner'),
        ...env,
      },
      cwd: cwd(),
    });
  }

  describe('plan', () => {
    beforeEach(async () => {
      await writeFile(join(cwd(), 'flows', 'web.yaml'), flowYaml('Web Chat'));
      emulator().preload([EVIL_LIVE_FLOW]);
    });

    it('writes the plan to the step summary and the outputs, and no friendly name becomes a command', async () => {
      const result = await run(['plan', '--out', 'plan.json']);
      expect(result.code).toBe(0);
      expect(commandLines(result.stdout)).toEqual([]);
      expect(commandLines(result.stderr)).toEqual([]);

      const summary = await readFile(summaryFile, 'utf8');
      expect(
        summary.startsWith(
          `${PLAN_COMMENT_MARKER}\n## flexflow-sync plan\n\n**Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged**\n`,
        ),
      ).toBe(true);
      expect(summary).toContain('Web Chat');
      expect(summary).toContain('<code>Evil&#92;n::set-output name=has-changes::false&#92;n::add-mask::x,y:%0A</code>');

      expect(parseOutputFile(await readFile(outputFile, 'utf8'))).toEqual({
        'has-changes': 'true',
        'plan-file': join(cwd(), 'plan.json'),
        'markdown-file': expect.stringMatching(new RegExp(`^${join(cwd(), 'runner', 'flexflow-sync-')}[^/]+/plan\\.md$`)) as unknown,
        summary: 'Plan: 1 to create, 0 to update, 0 to delete, 0 unchanged',
      });
      const comment = await readFile(parseOutputFile(await readFile(outputFile, 'utf8'))['markdown-file'] ?? '', 'utf8');
      expect(comment.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
      expect(comment.length).toBeLessThanOrEqual(65_536);
    });

    it('with --format markdown on stdout, still no line is a workflow command', async () => {
      const result = await run(['plan', '--format', 'markdown']);
      expect(result.code).toBe(0);
      expect(commandLines(result.stdout)).toEqual([]);
      expect(parseOutputFile(await readFile(outputFile, 'utf8'))['markdown-file']).toMatch(
        new RegExp(`^${join(cwd(), 'runner', 'flexflow-sync-')}[^/]+/plan\\.md$`),
      );
    });

    it('a refused plan still goes to the summary and the comment file, under its banner, and is not saved', async () => {
      const client = clientFor(emulator());
      // With the evil live flow every test of this block starts with, 11 flows are live.
      for (let i = 0; i < 10; i += 1)
        await client.create({ friendly_name: `old ${i}`, chat_service_sid: `IS${'a'.repeat(32)}`, channel_type: 'web' });
      await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\n');
      const result = await run(['plan', '--out', 'plan.json']);
      expect(result.code).toBe(1);
      const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));
      expect(outputs['plan-file']).toBe('');
      expect(outputs['markdown-file']).toMatch(new RegExp(`^${join(cwd(), 'runner', 'flexflow-sync-')}[^/]+/plan\\.md$`));
      const comment = await readFile(outputs['markdown-file'] as string, 'utf8');
      expect(comment).toContain('> [!CAUTION]\n> **REFUSED, nothing will be applied:** refusing to delete 11 of 11 live flows');
      expect(comment).toContain('<summary>Delete (11)</summary>');
      expect(await readFile(summaryFile, 'utf8')).toContain('REFUSED, nothing will be applied');
      await expect(readFile(join(cwd(), 'plan.json'))).rejects.toThrow('ENOENT');
    });

    it('does nothing GitHub-specific outside Actions', async () => {
      const result = await run(['plan', '--out', 'plan.json'], { GITHUB_ACTIONS: '' });
      expect(result.code).toBe(0);
      expect(await readFile(summaryFile, 'utf8')).toBe('');
      expect(await readFile(outputFile, 'utf8')).toBe('');
    });
  });

  describe('validate', () => {
    it('annotates the first 10 problems on their lines and says how many more', async () => {
      const docs = Array.from(
        { length: 12 },
        (_, i) => `friendly_name: flow ${i + 1}\nchat_service_sid: ${CHAT_SERVICE}\nchanel_type: web\n`,
      );
      await writeFile(join(cwd(), 'flows', 'bad.yaml'), docs.join('---\n'));
      const result = await run(['validate']);
      expect(result.code).toBe(1);
      const annotations = commandLines(result.stderr);
      expect(annotations).toHaveLength(11);
      // Each document has two problems (a misspelt key, so a required one is missing): 24 in all.
      expect(annotations[0]).toMatch(
        /^::error file=flows\/bad\.yaml,line=1,col=1,title=flexflow-sync%3A [\w-]+::missing required key "channel_type"/,
      );
      expect(annotations[1]).toMatch(
        /^::error file=flows\/bad\.yaml,line=3,col=1,title=flexflow-sync%3A [\w-]+::unknown key "chanel_type"/,
      );
      expect(annotations.slice(0, 10).every((line) => line.startsWith('::error file=flows/bad.yaml,'))).toBe(true);
      expect(annotations[10]).toBe('::warning title=flexflow-sync::and 14 more problems: see the log of this step');
      expect(commandLines(result.stdout)).toEqual([]);
    });

    it('keeps a key or a name that tries to inject commands inside one annotation', async () => {
      await writeFile(join(cwd(), 'flows', 'a.yaml'), `${flowYaml('a')}${JSON.stringify(EVIL_NAME)}: 1\n`);
      await writeFile(join(cwd(), 'flows', 'b.yaml'), flowYaml(EVIL_NAME));
      const result = await run(['validate']);
      expect(result.code).toBe(1);
      expect(commandLines(result.stderr)).toEqual([
        '::error file=flows/a.yaml,line=8,col=1,title=flexflow-sync%3A unknown-key::unknown key ' +
          '"Evil\\n::set-output name=has-changes::false\\n::add-mask::x,y:%250A"; allowed keys: friendly_name, chat_service_sid, chat_service, channel_type, contact_identity, enabled, integration_type, long_lived, janitor_enabled, integration, renamed_from, kind',
        '::error file=flows/b.yaml,line=1,col=16,title=flexflow-sync%3A name-characters::friendly_name must not hold control characters, bidirectional controls or unpaired surrogates (U+000A at character 5); remove it',
      ]);
      expect(commandLines(result.stdout)).toEqual([]);
    });

    it('writes no annotations outside Actions', async () => {
      await writeFile(join(cwd(), 'flows', 'a.yaml'), 'friendly_name: a\nchanel_type: web\n');
      const result = await run(['validate'], { GITHUB_ACTIONS: 'false' });
      expect(result.code).toBe(1);
      expect(commandLines(result.stderr)).toEqual([]);
    });
  });

  describe('apply', () => {
    beforeEach(async () => {
      await writeFile(join(cwd(), 'flexflow-sync.yaml'), 'prune: true\n');
      await writeFile(join(cwd(), 'flows', 'web.yaml'), flowYaml('Web Chat'));
      emulator().preload([EVIL_LIVE_FLOW]);
    });

    it.each([
      {
        name: 'with changes',
        before: () => Promise.resolve(),
        hasChanges: 'true',
        plan: 'Plan: 1 to create, 0 to update, 1 to delete, 0 unchanged',
      },
      {
        name: 'with nothing to do',
        before: async () => void (await run(['apply', '--auto-approve'])),
        hasChanges: 'false',
        plan: 'No changes. 1 flow unchanged.',
      },
    ])('--dry-run $name writes has-changes and a dry-run summary to the outputs', async ({ before, hasChanges, plan }) => {
      await before();
      await writeFile(outputFile, '');
      const result = await run(['apply', '--dry-run']);
      expect({ code: result.code, outputs: parseOutputFile(await readFile(outputFile, 'utf8')) }).toEqual({
        code: 0,
        outputs: { 'has-changes': hasChanges, summary: `Dry run, nothing applied: ${plan}` },
      });
    });

    it('writes the results to the step summary and the outputs; a second apply changes nothing', async () => {
      const first = await run(['apply', '--auto-approve']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(commandLines(first.stdout)).toEqual([]);
      expect(commandLines(first.stderr)).toEqual([]);
      const summary = await readFile(summaryFile, 'utf8');
      expect(summary).toMatch(
        /^## flexflow-sync apply\n\n\*\*Apply complete: 1 created, 0 updated, 1 deleted, 0 failed\.\*\*\n\n\| action \| flow \| sid \| result \|\n/,
      );
      expect(summary).toMatch(
        /^\| - delete \| Evil&#92;n::set-output name=has-changes::false&#92;n::add-mask::x,y:%0A \| FO[0-9a-f]{32} \| applied \|$/m,
      );
      expect(summary).toMatch(/^\| \+ create \| Web Chat \| FO[0-9a-f]{32} \| applied \|$/m);
      expect(parseOutputFile(await readFile(outputFile, 'utf8'))).toEqual({
        'has-changes': 'true',
        summary: 'Apply complete: 1 created, 0 updated, 1 deleted, 0 failed.',
      });

      await writeFile(outputFile, '');
      const second = await run(['apply', '--auto-approve']);
      expect(second.code).toBe(0);
      expect(parseOutputFile(await readFile(outputFile, 'utf8'))).toEqual({
        'has-changes': 'false',
        summary: 'Apply complete: 0 created, 0 updated, 0 deleted, 0 failed.',
      });
    });
  });
});
