import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = path.join(root, 'examples/workflows');

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  steps: Step[];
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
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
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8'), { prettyErrors: true, strict: true, uniqueKeys: true }) as T;
}

const action = readYaml<Action>(path.join(root, 'action.yml'));
const exampleFiles = readdirSync(examplesDir).filter((name) => name.endsWith('.yml')).sort();
const workflows = exampleFiles.map((name) => ({ name, text: readFileSync(path.join(examplesDir, name), 'utf8'), workflow: readYaml<Workflow>(path.join(examplesDir, name)) }));
const isOurAction = (step: Step): boolean => /(^|\/)flexflow-sync@/.test(step.uses ?? '');

describe('action.yml', () => {
  it('declares the inputs and outputs the issue asks for', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'dir', 'config', 'var-file', 'api-url', 'concurrency']));
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['has-changes', 'plan-file', 'summary']));
    expect(action.runs.using).toBe('composite');
  });

  it('never splices an expression into a shell script (inputs arrive as env)', () => {
    for (const step of action.runs.steps) {
      expect(step.run ?? '').not.toContain('${{');
    }
  });

  it('every output comes from a step that exists', () => {
    const ids = new Set(action.runs.steps.map((step) => step.id));
    for (const [name, output] of Object.entries(action.outputs)) {
      const match = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(output.value);
      expect(match, name).not.toBeNull();
      expect(ids.has(match?.[1] ?? '')).toBe(true);
      expect(match?.[2]).toBe(name);
    }
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
      const required = Object.entries(action.inputs).filter(([, input]) => input.required === true).map(([name]) => name);
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
  const ourSteps = (name: string): Step[] => Object.values(byName.get(name)?.workflow.jobs ?? {}).flatMap((job) => job.steps).filter(isOurAction);

  it('pr-plan.yml validates and plans on pull_request and keeps one comment by its marker', () => {
    const entry = byName.get('pr-plan.yml');
    expect(Object.keys(entry?.workflow.on ?? {})).toEqual(['pull_request']);
    expect(ourSteps('pr-plan.yml').map((step) => step.with?.command)).toEqual(['validate', 'plan']);
    expect(entry?.text).toContain('<!-- flexflow-sync-plan -->');
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

  it('drift.yml plans nightly with detailed exit codes and shares the apply lock', () => {
    const workflow = byName.get('drift.yml')?.workflow;
    expect(Object.keys(workflow?.on ?? {})).toContain('schedule');
    expect(ourSteps('drift.yml').map((step) => [step.with?.command, step.with?.['detailed-exitcode']])).toEqual([['plan', 'true']]);
    expect(workflow?.jobs.drift?.concurrency?.group).toBe('flexflow-sync-apply-${{ matrix.environment }}');
  });
});

describe('action.yml run step', () => {
  const script = action.runs.steps.find((step) => step.id === 'run')?.run ?? '';
  const fakeCli = [
    'const fs = require("node:fs");',
    'fs.writeFileSync(process.env.ARGS_FILE, JSON.stringify(process.argv.slice(2)));',
    'process.exitCode = Number(process.env.FAKE_STATUS);',
  ].join('\n');

  function runStep(inputs: Readonly<Record<string, string | undefined>>, status: number): { status: number | null; args: unknown; output: string; stdout: string } {
    // The step's script runs for real under bash, with a stand-in CLI that records its argv.
    const dir = mkdtempSync(path.join(tmpdir(), 'ffs-action-'));
    try {
      mkdirSync(path.join(dir, 'bin'));
      writeFileSync(path.join(dir, 'bin/flexflow-sync.js'), fakeCli);
      writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}');
      const outputFile = path.join(dir, 'output');
      writeFileSync(outputFile, '');
      const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));
      const values: Record<string, string> = { ...defaults };
      for (const [name, value] of Object.entries(inputs)) if (value !== undefined) values[name] = value;
      const env = {
        PATH: process.env.PATH,
        GITHUB_ACTION_PATH: dir,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: dir,
        ARGS_FILE: path.join(dir, 'args.json'),
        FAKE_STATUS: String(status),
        ...Object.fromEntries(Object.entries(values).map(([name, value]) => [`FFS_${name.toUpperCase().replace(/-/g, '_')}`, value])),
      };
      const result = spawnSync('bash', ['-c', script], { env, encoding: 'utf8' });
      let args: unknown = null;
      try {
        args = JSON.parse(readFileSync(env.ARGS_FILE, 'utf8').replaceAll(dir, '<tmp>'));
      } catch {
        args = null;
      }
      return { status: result.status, args, output: readFileSync(outputFile, 'utf8').replaceAll(dir, '<tmp>'), stdout: result.stdout };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it.each([
    {
      name: 'validate passes only the offline options',
      inputs: { command: 'validate', 'api-url': 'http://127.0.0.1:1', 'var-file': 'vars/a.yaml' },
      status: 0,
      expected: { status: 0, args: ['validate', '--dir', 'flows', '--var-file', 'vars/a.yaml'], output: 'exit-code=0\n' },
    },
    {
      name: 'plan saves the plan under RUNNER_TEMP; an input with shell syntax stays one argument',
      inputs: { command: 'plan', dir: 'flows"; echo pwned; "', concurrency: '3' },
      status: 0,
      expected: { status: 0, args: ['plan', '--out', '<tmp>/flexflow-sync/plan.json', '--dir', 'flows"; echo pwned; "'], output: 'exit-code=0\n' },
    },
    {
      name: 'plan with detailed-exitcode: changes (2) are an output, not a failure',
      inputs: { command: 'plan', 'detailed-exitcode': 'true' },
      status: 2,
      expected: { status: 0, args: ['plan', '--out', '<tmp>/flexflow-sync/plan.json', '--detailed-exitcode', '--dir', 'flows'], output: 'exit-code=2\n' },
    },
    {
      name: 'plan with detailed-exitcode: an error (1) fails the step',
      inputs: { command: 'plan', 'detailed-exitcode': 'true' },
      status: 1,
      expected: { status: 1, args: ['plan', '--out', '<tmp>/flexflow-sync/plan.json', '--detailed-exitcode', '--dir', 'flows'], output: 'exit-code=1\n' },
    },
    {
      name: 'apply always auto-approves (the review was the pull request)',
      inputs: { command: 'apply', config: 'ffs.yaml', 'api-url': 'http://127.0.0.1:4010', concurrency: '3' },
      status: 0,
      expected: {
        status: 0,
        args: ['apply', '--auto-approve', '--dir', 'flows', '--config', 'ffs.yaml', '--api-url', 'http://127.0.0.1:4010', '--concurrency', '3'],
        output: 'exit-code=0\n',
      },
    },
    {
      name: 'an unknown command is refused before anything runs',
      inputs: { command: 'destroy' },
      status: 0,
      expected: { status: 1, args: null, output: '' },
    },
  ])('$name', ({ inputs, status, expected }) => {
    const result = runStep(inputs, status);
    expect({ status: result.status, args: result.args, output: result.output }).toEqual(expected);
    expect(result.stdout).not.toContain('pwned');
  });
});
