import { existsSync, readFileSync, readdirSync } from 'node:fs';
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
const exampleFiles = readdirSync(examplesDir).filter((name) => name.endsWith('.yml')).sort();
const workflows = exampleFiles.map((name) => ({ name, text: readFileSync(path.join(examplesDir, name), 'utf8'), workflow: readYaml<Workflow>(path.join(examplesDir, name)) }));
const isOurAction = (step: Step): boolean => /(^|\/)flexflow-sync@/.test(step.uses ?? '');

describe('action.yml', () => {
  it('is a JavaScript action that runs the committed bundle: no shell step, no install', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    expect(existsSync(path.join(root, action.runs.main))).toBe(true);
  });

  it('declares the inputs and outputs the issue asks for', () => {
    expect(Object.keys(action.inputs)).toEqual([
      'command', 'dir', 'config', 'var-file', 'api-url', 'concurrency', 'detailed-exitcode', 'environment', 'comment', 'github-token',
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
