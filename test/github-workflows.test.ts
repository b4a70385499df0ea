import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { GITHUB_COMMENT_MAX_LENGTH } from '../src/render/markdown.js';
import { runCli } from './helpers/cli.js';
import { parseOutputFile } from './helpers/githubRunner.js';
import { CHAT_SERVICE } from './helpers/fixtures.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = path.join(root, 'examples/workflows');

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  /** A step's inputs are scalars (GitHub's workflow syntax). */
  with?: Record<string, string | number | boolean>;
  env?: Record<string, unknown>;
}
interface Job {
  steps: Step[];
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  environment?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
interface ActionInput {
  required?: boolean;
  default?: string;
}
interface Action {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8'), { prettyErrors: true, strict: true, uniqueKeys: true }) as T;
}

const action = readYaml<Action>(path.join(root, 'action.yml'));
const exampleFiles = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.yml'))
  .sort();
const workflows = exampleFiles.map((name) => ({
  name,
  text: readFileSync(path.join(examplesDir, name), 'utf8'),
  workflow: readYaml<Workflow>(path.join(examplesDir, name)),
}));
const isOurAction = (step: Step): boolean => /(^|\/)flexflow-sync@/.test(step.uses ?? '');

describe('action.yml', () => {
  it('is a JavaScript action that runs the committed bundle: no shell step, no install', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    expect(existsSync(path.join(root, action.runs.main))).toBe(true);
  });

  it('declares the inputs and outputs the issue asks for', () => {
    expect(Object.keys(action.inputs)).toEqual([
      'command',
      'dir',
      'config',
      'var-file',
      'api-url',
      'concurrency',
      'migrate-concurrency',
      'detailed-exitcode',
      'target',
      'environment',
      'comment',
      'github-token',
    ]);
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(action.inputs.comment?.default).toBe('false');
    expect(Object.keys(action.outputs)).toEqual(['has-changes', 'plan-file', 'markdown-file', 'summary', 'exit-code']);
  });
});

describe.each(workflows)('examples/workflows/$name', ({ text, workflow }) => {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const ours = steps.filter(isOurAction);

  it('uses the action, with only inputs it declares and every required one', () => {
    expect(ours.length).toBeGreaterThan(0);
    for (const step of ours) {
      const given = Object.keys(step.with ?? {});
      expect(given.filter((name) => !(name in action.inputs))).toEqual([]);
      const required = Object.entries(action.inputs)
        .filter(([, input]) => input.required === true)
        .map(([name]) => name);
      expect(required.filter((name) => !given.includes(name))).toEqual([]);
    }
  });

  it('reads only outputs the action declares, of steps that use it', () => {
    const ourIds = new Set(ours.map((step) => step.id).filter((id) => id !== undefined));
    const references = [...text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)];
    for (const [reference, id, output] of references) {
      expect(ourIds.has(id ?? ''), reference).toBe(true);
      expect(Object.keys(action.outputs), reference).toContain(output);
    }
  });

  it('never runs untrusted code with secrets: no pull_request_target, least permissions at the top', () => {
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('takes credentials from GitHub secrets only', () => {
    for (const step of steps) {
      for (const [name, value] of Object.entries(step.env ?? {})) {
        if (name.startsWith('TWILIO_')) expect(value).toBe(`\${{ secrets.${name} }}`);
      }
    }
  });

  it('passes expressions to scripts through env, not inside the script text', () => {
    for (const step of steps) {
      expect(step.run ?? '').not.toContain('${{');
      expect(String(step.with?.script ?? '')).not.toContain('${{');
    }
  });
});

describe('what each example is for', () => {
  const byName = new Map(workflows.map(({ name, workflow, text }) => [name, { workflow, text }]));
  const ourSteps = (name: string): Step[] =>
    Object.values(byName.get(name)?.workflow.jobs ?? {})
      .flatMap((job) => job.steps)
      .filter(isOurAction);

  it('pr-plan.yml validates, and plans each account with its own sticky comment, on pull_request', () => {
    const entry = byName.get('pr-plan.yml');
    expect(Object.keys(entry?.workflow.on ?? {})).toEqual(['pull_request']);
    expect(ourSteps('pr-plan.yml').map((step) => [step.with?.command, step.with?.comment, step.with?.environment])).toEqual([
      ['validate', undefined, undefined],
      ['plan', 'true', '${{ matrix.environment }}'],
    ]);
    expect(entry?.workflow.jobs.plan?.strategy?.matrix.environment).toEqual(['staging', 'production']);
    expect(entry?.workflow.jobs.plan?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(entry?.text).not.toContain('github-script');
    expect(entry?.text).toContain('actions/upload-artifact@');
  });

  it('apply.yml applies on push to main, one job per environment, one apply per account at a time', () => {
    const workflow = byName.get('apply.yml')?.workflow;
    expect(workflow?.on.push).toMatchObject({ branches: ['main'] });
    const job = workflow?.jobs.apply;
    expect(job?.strategy?.matrix.environment).toEqual(['staging', 'production']);
    expect(job?.concurrency).toEqual({ group: 'flexflow-sync-apply-${{ matrix.environment }}', 'cancel-in-progress': false });
    expect(ourSteps('apply.yml').map((step) => step.with?.command)).toEqual(['apply']);
  });

  it('drift.yml plans nightly with detailed exit codes, in its own group, through the read-only environment', () => {
    const workflow = byName.get('drift.yml')?.workflow;
    expect(Object.keys(workflow?.on ?? {})).toContain('schedule');
    expect(ourSteps('drift.yml').map((step) => [step.with?.command, step.with?.['detailed-exitcode']])).toEqual([['plan', 'true']]);
    // Sharing apply's group would let a nightly run replace a pending apply (GitHub keeps one pending run per group).
    expect(workflow?.jobs.drift?.concurrency?.group).toBe('flexflow-sync-drift-${{ matrix.environment }}');
    expect(workflow?.jobs.drift?.environment).toBe('${{ matrix.environment }}-read');
    expect(byName.get('apply.yml')?.workflow.jobs.apply?.environment).toBe('${{ matrix.environment }}');
  });
});

describe("drift.yml's issue script", () => {
  const emulator = useEmulator({ seed: 5 });
  const cwd = useTempDir('flexflow-drift-');
  afterEach(() => vi.unstubAllEnvs());

  it('keeps the issue body within 65,536 characters at 2,500 flows, the account maximum (it reached 65,601 at 3,000)', async () => {
    const docs = Array.from(
      { length: 2500 },
      (_, i) =>
        `friendly_name: drifted flow ${i}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: sms\ncontact_identity: '+1555${String(i).padStart(7, '0')}'\n`,
    );
    await mkdir(path.join(cwd(), 'flows'));
    await writeFile(path.join(cwd(), 'flows', 'all.yaml'), docs.join('---\n'));
    const outputFile = path.join(cwd(), 'output');
    await writeFile(outputFile, '');
    const env = { ...emulatorEnv(emulator()), GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile, RUNNER_TEMP: cwd() };
    expect((await runCli(['plan', '--out', 'plan.json', '--detailed-exitcode'], { cwd: cwd(), env })).code).toBe(2);
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'));

    const step = workflows
      .find(({ name }) => name === 'drift.yml')
      ?.workflow.jobs.drift?.steps.find((candidate) => candidate.uses?.startsWith('actions/github-script@'));
    const stepEnv: Record<string, string> = {
      ENVIRONMENT: 'production',
      EXIT_CODE: '2',
      MARKDOWN_FILE: outputs['markdown-file'] ?? '',
      SUMMARY: outputs.summary ?? '',
    };
    expect(Object.keys(step?.env ?? {}).sort()).toEqual(Object.keys(stepEnv).sort());
    for (const [name, value] of Object.entries(stepEnv)) vi.stubEnv(name, value);
    const created: { title: string; body: string }[] = [];
    const github = {
      paginate: () => Promise.resolve([]),
      rest: { issues: { listForRepo: {}, create: (issue: { title: string; body: string }) => Promise.resolve(created.push(issue)) } },
    };
    const context = { repo: { owner: 'acme', repo: 'flows' }, serverUrl: 'https://github.com', runId: 1234567890 };
    // github-script runs the script as the body of an async function with these names in scope.
    // eslint-disable-next-line @typescript-eslint/require-await -- only the constructor of async functions is wanted
    const AsyncFunction = (async () => undefined).constructor as new (...names: string[]) => (...args: unknown[]) => Promise<unknown>;
    await new AsyncFunction('require', 'github', 'context', String(step?.with?.script))(createRequire(import.meta.url), github, context);

    expect(created).toHaveLength(1);
    const body = created[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX_LENGTH);
    expect(body.startsWith('<!-- flexflow-sync-drift:production -->\nThe live flows of **production** differ from main')).toBe(true);
    expect(body).toContain('**Plan: 2500 to create, 0 to update, 0 to delete, 0 unchanged**');
    expect(body).toContain('entries are not shown');
  });
});
