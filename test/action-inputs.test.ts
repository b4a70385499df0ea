import { describe, expect, it } from 'vitest';
import { cliArguments, inputVariable, readInputs } from '../src/action/inputs.js';

const PLAN_FILE = '/runner/temp/flexflow-sync-x/plan.json';

function env(inputs: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]));
}

describe('inputs', () => {
  it('names the variables as the runner does: upper case, dashes kept', () => {
    expect(inputVariable('detailed-exitcode')).toBe('INPUT_DETAILED-EXITCODE');
  });

  it.each([
    {
      name: 'validate passes only the offline options',
      inputs: { command: 'validate', 'api-url': 'http://127.0.0.1:1', 'var-file': 'vars/a.yaml', concurrency: '3' },
      expected: ['validate', '--dir', 'flows', '--var-file', 'vars/a.yaml'],
    },
    {
      name: 'plan saves the plan; an input with shell syntax stays one argument',
      inputs: { command: 'plan', dir: 'flows"; echo pwned; "', concurrency: '3' },
      expected: ['plan', '--dir', 'flows"; echo pwned; "', '--out', PLAN_FILE],
    },
    {
      name: 'plan with detailed-exitcode',
      inputs: { command: 'plan', 'detailed-exitcode': 'True', config: 'ffs.yaml' },
      expected: ['plan', '--dir', 'flows', '--config', 'ffs.yaml', '--out', PLAN_FILE, '--detailed-exitcode'],
    },
    {
      name: 'target: one --target per line, blank lines and indentation skipped, for plan and apply',
      inputs: { command: 'apply', target: 'Web*\n\n  address-configuration:+1555* \n' },
      expected: ['apply', '--dir', 'flows', '--target', 'Web*', '--target', 'address-configuration:+1555*', '--auto-approve'],
    },
    {
      name: 'apply always auto-approves (the review was the pull request)',
      inputs: {
        command: 'apply',
        'api-url': 'http://127.0.0.1:4010',
        concurrency: '3',
        'migrate-concurrency': '2',
        'detailed-exitcode': 'true',
      },
      expected: [
        'apply',
        '--dir',
        'flows',
        '--api-url',
        'http://127.0.0.1:4010',
        '--auto-approve',
        '--concurrency',
        '3',
        '--migrate-concurrency',
        '2',
      ],
    },
  ])('$name', ({ inputs, expected }) => {
    expect(cliArguments(readInputs(env(inputs)), PLAN_FILE)).toEqual(expected);
  });

  it('reads the comment inputs, with a default environment', () => {
    expect(readInputs(env({ command: 'plan', comment: 'true', 'github-token': 't' }))).toMatchObject({
      comment: true,
      environment: 'default',
      githubToken: 't',
    });
    expect(readInputs(env({ command: 'plan', environment: 'eu/prod-2 a' })).environment).toBe('eu/prod-2 a');
  });

  it.each([
    { inputs: { command: '' }, message: 'input \'command\' must be one of validate, plan, apply, not ""' },
    { inputs: { command: 'plan', comment: 'yes' }, message: 'input \'comment\' must be true or false, not "yes"' },
    {
      inputs: { command: 'plan', comment: 'true' },
      message: "input 'comment' is true but 'github-token' is empty; leave 'github-token' at its default, ${{ github.token }}",
    },
    { inputs: { command: 'plan', environment: 'prod-->' }, message: "input 'environment' must be at most 100 letters" },
    { inputs: { command: 'plan', environment: 'a\nb' }, message: "input 'environment' must be at most 100 letters" },
    { inputs: { command: 'plan', environment: 'x'.repeat(101) }, message: "input 'environment' must be at most 100 letters" },
  ])('refuses $inputs', ({ inputs, message }) => {
    expect(() => readInputs(env(inputs))).toThrow(message);
  });
});
