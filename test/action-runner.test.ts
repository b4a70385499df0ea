/**
 * The action as the runner runs it: the committed bundle, dist/action/index.js, as its own node
 * process with the runner's environment (INPUT_* for every declared input, defaults included;
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH, RUNNER_TEMP), against the emulator and a
 * fake of GitHub's REST API. `npm run check-dist` (CI) makes sure the bundle is this source.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PLAN_FORMAT_VERSION } from '../src/plan/types.js';
import { inputVariable } from '../src/action/inputs.js';
import { runCli } from './helpers/cli.js';
import { useFakeGitHub } from './helpers/fakeGitHub.js';
import { commandLines, parseOutputFile } from './helpers/githubRunner.js';
import { CHAT_SERVICE, STUDIO_FLOW } from './helpers/fixtures.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, emulatorRequest, useEmulator } from './helpers/withEmulator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACTION_ENTRY = path.join(root, 'dist/action/index.js');
const TOKEN = 'ghs_fakeTokenForTheTest0000';
const PR = 7;

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}
const actionYml = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionYml;

function flowYaml(name: string, enabled = true): string {
  return [
    `friendly_name: ${JSON.stringify(name)}`,
    `chat_service_sid: ${CHAT_SERVICE}`,
    'channel_type: web',
    `enabled: ${enabled}`,
    'integration_type: studio',
    'integration:',
    `  flow_sid: ${STUDIO_FLOW}`,
    '',
  ].join('\n');
}

interface StepResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

type Event = { readonly name: 'pull_request'; readonly number: number } | { readonly name: 'push' | 'schedule' };

describe('the action on a runner (dist/action/index.js in its own process)', () => {
  const emulator = useEmulator({ seed: 11 });
  const github = useFakeGitHub();
  const temp = useTempDir('flexflow-action-');
  const workspace = (): string => path.join(temp(), 'work');
  const runnerTemp = (): string => path.join(temp(), 'runner');

  beforeEach(async () => {
    await mkdir(path.join(workspace(), 'flows'), { recursive: true });
    await mkdir(runnerTemp(), { recursive: true });
    await writeFile(path.join(workspace(), 'flows', 'web.yaml'), flowYaml('Web Chat'));
    await writeFile(path.join(workspace(), 'flows', 'sms.yaml'), flowYaml('SMS Support'));
  });

  /** What the runner sets for one step: every declared input (its default unless given), as INPUT_*. */
  function inputEnv(inputs: Readonly<Record<string, string | undefined>>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, declared] of Object.entries(actionYml.inputs)) {
      const value = inputs[name] ?? (declared.default === '${{ github.token }}' ? TOKEN : (declared.default ?? ''));
      env[inputVariable(name)] = value;
    }
    return env;
  }

  async function runStep(
    inputs: Readonly<Record<string, string | undefined>>,
    event: Event = { name: 'pull_request', number: PR },
    jobEnv: Readonly<Record<string, string>> = {},
  ): Promise<StepResult> {
    // The runner gives each step fresh output and summary files.
    const outputFile = path.join(runnerTemp(), 'output');
    const summaryFile = path.join(runnerTemp(), 'summary');
    const eventFile = path.join(runnerTemp(), 'event.json');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const payload =
      event.name === 'pull_request' ? { action: 'synchronize', number: event.number, pull_request: { number: event.number } } : {};
    await writeFile(eventFile, JSON.stringify(payload));
    // The emulator's account, but its URL only through the api-url input.
    const credentials = { ...emulatorEnv(emulator()), FLEXFLOW_API_URL: '' };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_REPOSITORY: 'acme/flows',
      GITHUB_API_URL: github().url,
      GITHUB_WORKSPACE: workspace(),
      RUNNER_TEMP: runnerTemp(),
      ...credentials,
      ...inputEnv({ 'api-url': emulator().url, ...inputs }),
      ...jobEnv,
    };
    const child = spawn(process.execPath, [ACTION_ENTRY], { cwd: workspace(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return {
      exitCode,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
    };
  }

  // GET /user (who the token is; the fake answers 404, as GitHub does for the default token) is left out.
  const commentCalls = (): { method: string; path: string }[] =>
    github()
      .calls.filter((call) => call.path !== '/user')
      .map(({ method, path: callPath }) => ({ method, path: callPath }));
  const LIST = { method: 'GET', path: `/repos/acme/flows/issues/${PR}/comments?per_page=100` };
  const CREATE = { method: 'POST', path: `/repos/acme/flows/issues/${PR}/comments` };
  const update = (id: number) => ({ method: 'PATCH', path: `/repos/acme/flows/issues/comments/${id}` });

  /** A failed step's outputs: no plan, no Markdown, exit code 1, and `summary` (a string or an asymmetric matcher). */
  const failedOutputs = (summary: unknown): Record<string, unknown> => ({
    'has-changes': '',
    'plan-file': '',
    'markdown-file': '',
    summary,
    'exit-code': '1',
  });

  /** A successful plan's outputs: the files sit in a folder of its own under RUNNER_TEMP. */
  function planOutputs(step: StepResult, exitCode: string, hasChanges: string, summary: string): Record<string, string> {
    const planFile = step.outputs['plan-file'] ?? '';
    expect(path.dirname(path.dirname(planFile))).toBe(runnerTemp());
    // The Markdown goes to a new folder of its own inside the step's folder, never beside the plan.
    const markdownFile = step.outputs['markdown-file'] ?? '';
    expect(path.dirname(path.dirname(markdownFile))).toBe(path.dirname(planFile));
    expect(path.basename(markdownFile)).toBe('plan.md');
    return { 'has-changes': hasChanges, 'plan-file': planFile, 'markdown-file': markdownFile, summary, 'exit-code': exitCode };
  }

  it('validate with errors: exit 1, annotations, outputs, job summary, and a comment with the errors', async () => {
    await writeFile(path.join(workspace(), 'flows', 'bad.yaml'), 'friendly_name: Bad\nchanel_type: web\n');
    const step = await runStep({ command: 'validate', environment: 'staging', comment: 'true' });

    expect(step.exitCode).toBe(1);
    expect(step.outputs).toEqual(failedOutputs('validate failed: 3 problems in 1 file'));
    expect(commandLines(step.stderr)[0]).toMatch(/^::error file=flows\/bad\.yaml,line=1,col=1,/);
    expect(step.summary).toContain('## flexflow-sync validate: staging\n\n**validate failed: 3 problems in 1 file**\n');
    expect(step.summary).toContain('flows/bad.yaml:2:1: unknown key "chanel_type"; did you mean "channel_type"?\n');

    expect(commentCalls()).toEqual([LIST, CREATE]);
    expect(github().calls.every((call) => call.authorization === `token ${TOKEN}`)).toBe(true);
    const [comment] = github().comments(PR);
    expect(comment?.body).toMatch(
      /^<!-- flexflow-sync-plan:staging -->\n## flexflow-sync validate: staging\n\n\*\*validate failed: 3 problems in 1 file\*\*\n\n```text\n/,
    );
    // In the order the CLI wrote them (problems on stdout, their count on stderr), the count last.
    expect(comment?.body).toMatch(
      /\nflows\/bad\.yaml:1:1: [^\n]*\nflows\/bad\.yaml:1:1: [^\n]*\nflows\/bad\.yaml:2:1: unknown key "chanel_type"[^\n]*\n3 problems in 1 file\n```/,
    );
    expect(comment?.body).not.toContain('::error');
  });

  it('plan with changes posts the plan; a later failed plan replaces it in the same comment', async () => {
    const first = await runStep({ command: 'plan', environment: 'staging', comment: 'true' });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toEqual(planOutputs(first, '0', 'true', 'Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged'));
    const planFile = first.outputs['plan-file'] ?? '';
    expect(JSON.parse(await readFile(planFile, 'utf8'))).toMatchObject({ format_version: PLAN_FORMAT_VERSION, summary: { create: 2 } });
    expect(first.summary).toContain('**Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged**');
    const [posted] = github().comments(PR);
    expect(posted?.body).toMatch(/^<!-- flexflow-sync-plan:staging -->\n## flexflow-sync plan: staging\n\n\*\*Plan: 2 to create/);

    await writeFile(path.join(workspace(), 'flows', 'web.yaml'), `${flowYaml('Web Chat')}retry: 1\n`);
    const second = await runStep({ command: 'plan', environment: 'staging', comment: 'true' });
    expect(second.exitCode).toBe(1);
    expect(second.outputs).toEqual(failedOutputs('plan failed: 1 problem in the flow files; fix them and run again'));
    expect(commentCalls()).toEqual([LIST, CREATE, LIST, update(posted?.id ?? 0)]);
    const [replaced, ...others] = github().comments(PR);
    expect(others).toEqual([]);
    expect(replaced?.body).toMatch(/^<!-- flexflow-sync-plan:staging -->\n## flexflow-sync plan: staging\n\n\*\*plan failed: 1 problem/);
    expect(replaced?.body).toContain('flows/web.yaml:8:1: unknown key "retry"');
    expect(replaced?.body).not.toContain('to create');
  });

  it('plan without changes, and with detailed-exitcode: the step succeeds with exit-code 0 or 2', async () => {
    const changes = await runStep({ command: 'plan', 'detailed-exitcode': 'true' });
    expect(changes.exitCode).toBe(0);
    expect(changes.outputs).toEqual(planOutputs(changes, '2', 'true', 'Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged'));

    expect((await runCli(['apply', '--auto-approve'], { cwd: workspace(), env: emulatorEnv(emulator()) })).code).toBe(0);
    const plain = await runStep({ command: 'plan' });
    expect(plain.exitCode).toBe(0);
    expect(plain.outputs).toEqual(planOutputs(plain, '0', 'false', 'No changes. 2 flows unchanged.'));
    const detailed = await runStep({ command: 'plan', 'detailed-exitcode': 'true' });
    expect(detailed.exitCode).toBe(0);
    expect(detailed.outputs).toEqual(planOutputs(detailed, '0', 'false', 'No changes. 2 flows unchanged.'));
    // comment is false by default: GitHub's API was never called.
    expect(github().calls).toEqual([]);
  });

  it('plan with detailed-exitcode that fails (bad credentials) fails the step with exit-code 1', async () => {
    const wrongToken = 'f'.repeat(32);
    const step = await runStep({ command: 'plan', 'detailed-exitcode': 'true' }, undefined, { TWILIO_AUTH_TOKEN: wrongToken });
    expect(step.exitCode).toBe(1);
    expect(step.outputs).toEqual(failedOutputs(expect.stringMatching(/^plan failed: .*401/)));
    expect(step.summary).toMatch(/^## flexflow-sync plan: default\n\n\*\*plan failed: /);
    expect(`${step.stdout}${step.stderr}${step.summary}`).not.toContain(wrongToken);
  });

  it('a plan the safety rails refuse fails the step, and its comment shows the refused plan and why', async () => {
    for (let i = 0; i < 10; i += 1) {
      await emulatorRequest(emulator(), 'POST', '/v1/FlexFlows', {
        form: { FriendlyName: `old ${i}`, ChatServiceSid: CHAT_SERVICE, ChannelType: 'web' },
      });
    }
    await writeFile(path.join(workspace(), 'flexflow-sync.yaml'), 'prune: true\n');
    const step = await runStep({ command: 'plan', environment: 'production', comment: 'true' });
    expect(step.exitCode).toBe(1);
    expect(step.outputs['plan-file']).toBe('');
    const [comment] = github().comments(PR);
    expect(comment?.body).toMatch(
      /^<!-- flexflow-sync-plan:production -->\n## flexflow-sync plan: production\n\n\*\*plan failed: refusing to delete 10 of 10 live flows/,
    );
    expect(comment?.body).toContain('REFUSED, nothing will be applied: refusing to delete 10 of 10 live flows');
    expect(comment?.body).toContain('\n- "old 9" (FO');
  });

  it('apply on a push: applies, sets the outputs, and posts no comment outside a pull request', async () => {
    const step = await runStep({ command: 'apply', environment: 'production', comment: 'true', concurrency: '2' }, { name: 'push' });
    expect(step.exitCode).toBe(0);
    expect(step.outputs).toEqual({
      'has-changes': 'true',
      'plan-file': '',
      'markdown-file': '',
      summary: 'Apply complete: 2 created, 0 updated, 0 deleted, 0 failed.',
      'exit-code': '0',
    });
    expect(step.summary).toContain('## flexflow-sync apply');
    expect(step.stdout).toContain('flexflow-sync: this event is not a pull request; no comment to post');
    expect(github().calls).toEqual([]);
    const listed = await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows');
    expect((listed.body as { flex_flows: { friendly_name: string }[] }).flex_flows.map((flow) => flow.friendly_name).sort()).toEqual([
      'SMS Support',
      'Web Chat',
    ]);
  });

  it('drift: a flow changed by hand shows as exit-code 2 on a schedule, and the Markdown leaves room for the issue heading', async () => {
    expect((await runCli(['apply', '--auto-approve'], { cwd: workspace(), env: emulatorEnv(emulator()) })).code).toBe(0);
    const listed = await emulatorRequest(emulator(), 'GET', '/v1/FlexFlows');
    const web = (listed.body as { flex_flows: { sid: string; friendly_name: string }[] }).flex_flows.find(
      (flow) => flow.friendly_name === 'Web Chat',
    );
    expect((await emulatorRequest(emulator(), 'POST', `/v1/FlexFlows/${web?.sid ?? ''}`, { form: { Enabled: 'false' } })).status).toBe(200);

    const step = await runStep({ command: 'plan', 'detailed-exitcode': 'true', environment: 'production' }, { name: 'schedule' });
    expect(step.exitCode).toBe(0);
    expect(step.outputs).toEqual(planOutputs(step, '2', 'true', 'Plan: 0 to create, 1 to update, 0 to delete, 1 unchanged'));
    const markdown = await readFile(step.outputs['markdown-file'] ?? '', 'utf8');
    expect(markdown).toContain('enabled: false');
  });

  it('two environments keep two comments; each run edits only its own, past 100 other comments and a copied marker', async () => {
    for (let n = 0; n < 101; n += 1) github().seed(PR, `comment ${n}`);
    const pasted = github().seed(PR, '<!-- flexflow-sync-plan:staging -->\nsomeone pasted this', 'mallory');
    const writes = () =>
      github()
        .calls.filter((call) => call.method !== 'GET')
        .map(({ method, path: callPath }) => ({ method, path: callPath }));

    const staging = await runStep({ command: 'plan', environment: 'staging', comment: 'true' });
    // The pasted copy is a person's: never edited (the default token cannot say who it is, so only bots' are ours).
    expect(writes()).toEqual([CREATE]);
    const production = await runStep({ command: 'plan', environment: 'production', comment: 'true' });
    expect([staging.exitCode, production.exitCode]).toEqual([0, 0]);
    const ours = () =>
      github()
        .comments(PR)
        .filter((comment) => comment.user.type === 'Bot');
    expect(ours().map((comment) => comment.body.split('\n', 1)[0])).toEqual([
      '<!-- flexflow-sync-plan:staging -->',
      '<!-- flexflow-sync-plan:production -->',
    ]);
    const [stagingComment, productionComment] = ours();

    await writeFile(path.join(workspace(), 'flows', 'sms.yaml'), flowYaml('SMS Support', false));
    github().calls.length = 0;
    const again = await runStep({ command: 'plan', environment: 'staging', comment: 'true' });
    expect(again.exitCode).toBe(0);
    expect(writes()).toEqual([update(stagingComment?.id ?? 0)]);
    expect(ours()).toEqual([stagingComment, productionComment]);
    expect(stagingComment?.body).toContain('enabled: false');
    expect(productionComment?.body).not.toContain('enabled: false');
    expect(pasted.body).toBe('<!-- flexflow-sync-plan:staging -->\nsomeone pasted this');
    expect(github().comments(PR)).toHaveLength(104);
  });

  it('a comment that cannot be posted fails the step, with the outputs still set', async () => {
    github().failWritesWith(403);
    const step = await runStep({ command: 'plan', environment: 'staging', comment: 'true' });
    expect(step.exitCode).toBe(1);
    expect(step.outputs).toEqual(planOutputs(step, '0', 'true', 'Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged'));
    expect(commandLines(step.stdout)).toEqual([
      expect.stringMatching(
        /^::error title=flexflow-sync::could not post the plan comment for staging: .*permissions: pull-requests: write/,
      ),
    ]);
    expect(`${step.stdout}${step.stderr}`).not.toContain(TOKEN);
  });

  it.each([
    { inputs: { command: 'destroy' }, error: 'input \'command\' must be one of validate, plan, apply, not "destroy"' },
    { inputs: { command: 'plan', 'detailed-exitcode': 'yes' }, error: 'input \'detailed-exitcode\' must be true or false, not "yes"' },
    { inputs: { command: 'plan', environment: 'prod --> <b>' }, error: "input 'environment' must be" },
  ])('refuses a bad input before anything runs: $error', async ({ inputs, error }) => {
    const step = await runStep(inputs);
    expect(step.exitCode).toBe(1);
    expect(step.outputs).toEqual(failedOutputs(expect.stringContaining(`flexflow-sync failed: ${error}`)));
    expect(commandLines(step.stdout)[0]).toContain(`::error title=flexflow-sync::${error}`);
    expect(emulator().stats().requests).toBe(0);
  });
});
