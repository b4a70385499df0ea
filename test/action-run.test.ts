/**
 * The action's run (src/action/run.ts) in-process, for what needs no emulator or GitHub fake: input
 * files that fail before the CLI connects (plan and apply read the settings first; a var file is read
 * after connecting, so validate shows it here). test/action-runner.test.ts runs the bundle end to end.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputVariable } from '../src/action/inputs.js';
import { runAction } from '../src/action/run.js';
import { captureIo } from './helpers/cli.js';
import { commandLines, parseOutputFile } from './helpers/githubRunner.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';
import { useTempDir } from './helpers/tempDir.js';

describe('the action with a bad settings file or var file', () => {
  const temp = useTempDir('flexflow-action-run-');

  /** One step of `command` in a workspace holding a valid flow, `settings` and `vars`. */
  async function runStep(command: string, settings: string, vars: string) {
    const workspace = path.join(temp(), 'work');
    const runner = path.join(temp(), 'runner');
    await mkdir(path.join(workspace, 'flows'), { recursive: true });
    await mkdir(runner);
    await writeFile(
      path.join(workspace, 'flows', 'web.yaml'),
      `friendly_name: web\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: \${CHANNEL}\nintegration_type: studio\nintegration:\n  flow_sid: ${STUDIO_FLOW}\n`,
    );
    await writeFile(path.join(workspace, 'flexflow-sync.yaml'), settings);
    await writeFile(path.join(workspace, 'vars.yaml'), vars);
    const outputFile = path.join(runner, 'output');
    const summaryFile = path.join(runner, 'summary');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const inputs = { command, 'var-file': 'vars.yaml', environment: 'staging', comment: 'false' };
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runner,
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value])),
    };
    const { io, stdout, stderr } = captureIo({ cwd: workspace, env });
    const code = await runAction(io);
    return {
      code,
      stdout: stdout(),
      stderr: stderr(),
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
    };
  }

  const SETTINGS_LINES = [
    'flexflow-sync.yaml:1:8: prune must be true or false, got "yes"',
    'flexflow-sync.yaml:2:1: unknown key "purne"; did you mean "prune"?',
  ];
  const SETTINGS_ANNOTATIONS = [
    '::error file=flexflow-sync.yaml,line=1,col=8,title=flexflow-sync%3A type::prune must be true or false, got "yes"',
    '::error file=flexflow-sync.yaml,line=2,col=1,title=flexflow-sync%3A unknown-key::unknown key "purne"; did you mean "prune"?',
  ];
  const VAR_LINE = 'vars.yaml:2:1: variable name "9lives" must be letters, digits and _, not starting with a digit';
  const VAR_ANNOTATION =
    '::error file=vars.yaml,line=2,col=1,title=flexflow-sync%3A var-file::variable name "9lives" must be letters, digits and _, not starting with a digit';

  it.each([
    {
      command: 'plan',
      bad: 'settings file',
      settings: 'prune: yes\npurne: true\n',
      vars: 'CHANNEL: web\n',
      lines: SETTINGS_LINES,
      annotations: SETTINGS_ANNOTATIONS,
      summary: 'plan failed: 2 problems in the settings file; fix them and run again',
    },
    {
      command: 'apply',
      bad: 'settings file',
      settings: 'prune: yes\npurne: true\n',
      vars: 'CHANNEL: web\n',
      lines: SETTINGS_LINES,
      annotations: SETTINGS_ANNOTATIONS,
      summary: 'apply failed: 2 problems in the settings file; fix them and run again',
    },
    {
      command: 'validate',
      bad: 'var file',
      settings: '',
      vars: 'CHANNEL: web\n9lives: 1\n',
      lines: [VAR_LINE],
      annotations: [VAR_ANNOTATION],
      summary: 'validate failed: 1 problem in 1 file',
    },
  ])(
    '$command with a bad $bad: an annotation per problem, each in the job summary, exit 1',
    async ({ command, settings, vars, lines, annotations, summary }) => {
      const step = await runStep(command, settings, vars);
      expect(step.code).toBe(1);
      expect(commandLines(step.stderr)).toEqual(annotations);
      expect(step.outputs).toEqual({ 'has-changes': '', 'plan-file': '', 'markdown-file': '', summary, 'exit-code': '1' });
      expect(step.summary).toContain(`**${summary}**`);
      for (const line of lines) expect(step.summary).toContain(`\n${line}\n`);
    },
  );
});
