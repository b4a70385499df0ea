import { UserInputError } from '../errors.js';

/**
 * The action's inputs, read from the `INPUT_*` variables the runner sets (it keeps the input's `-`
 * and upper-cases the rest, and sets every declared input, defaults included).
 */

const ACTION_COMMANDS = ['validate', 'plan', 'apply'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

export interface ActionInputs {
  readonly command: ActionCommand;
  readonly dir: string;
  readonly config: string;
  readonly varFile: string;
  readonly apiUrl: string;
  readonly concurrency: string;
  readonly migrateConcurrency: string;
  readonly detailedExitcode: boolean;
  /** `target`: one `--target` glob per line, blank lines skipped (plan and apply). */
  readonly targets: readonly string[];
  /** A label for the account: names the sticky comment, so a matrix of accounts keeps one comment each. */
  readonly environment: string;
  readonly comment: boolean;
  readonly githubToken: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

function input(env: Env, name: string): string {
  return (env[inputVariable(name)] ?? '').trim();
}

/** The YAML 1.2 core booleans, as @actions/core's getBooleanInput takes them; anything else is a typo to report. */
function booleanInput(env: Env, name: string): boolean {
  const value = input(env, name);
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE', ''].includes(value)) return false;
  throw new UserInputError(`input '${name}' must be true or false, not ${JSON.stringify(value)}`);
}

/**
 * The environment label goes into an HTML comment (the marker) and a heading: letters, digits and
 * `_ . / space`, with single dashes between them, so that it can neither close the comment (`-->`)
 * nor start a line of its own.
 */
const ENVIRONMENT_PATTERN = /^[\w./ ]+(?:-[\w./ ]+)*$/;

export function readInputs(env: Env): ActionInputs {
  const command = input(env, 'command');
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw new UserInputError(`input 'command' must be one of ${ACTION_COMMANDS.join(', ')}, not ${JSON.stringify(command)}`);
  }
  const environment = input(env, 'environment') || 'default';
  if (environment.length > 100 || !ENVIRONMENT_PATTERN.test(environment)) {
    throw new UserInputError(
      `input 'environment' must be at most 100 letters, digits, '_', '.', '/', spaces or single '-', not ${JSON.stringify(environment)}`,
    );
  }
  const comment = booleanInput(env, 'comment');
  const githubToken = input(env, 'github-token');
  if (comment && githubToken === '') {
    throw new UserInputError(
      "input 'comment' is true but 'github-token' is empty; leave 'github-token' at its default, ${{ github.token }}",
    );
  }
  return {
    command: command as ActionCommand,
    dir: input(env, 'dir') || 'flows',
    config: input(env, 'config'),
    varFile: input(env, 'var-file'),
    apiUrl: input(env, 'api-url'),
    concurrency: input(env, 'concurrency'),
    migrateConcurrency: input(env, 'migrate-concurrency'),
    detailedExitcode: booleanInput(env, 'detailed-exitcode'),
    targets: input(env, 'target')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    environment,
    comment,
    githubToken,
  };
}

/**
 * The CLI's arguments for these inputs. Each input is one argument whatever it holds: nothing goes
 * through a shell. Options a command does not take are left out rather than refused, so one set of
 * `with:` can serve several steps.
 */
export function cliArguments(inputs: ActionInputs, planFile: string): string[] {
  const args: string[] = [inputs.command, '--dir', inputs.dir];
  if (inputs.config !== '') args.push('--config', inputs.config);
  if (inputs.varFile !== '') args.push('--var-file', inputs.varFile);
  if (inputs.command === 'validate') return args;
  if (inputs.apiUrl !== '') args.push('--api-url', inputs.apiUrl);
  for (const glob of inputs.targets) args.push('--target', glob);
  if (inputs.command === 'plan') {
    args.push('--out', planFile);
    if (inputs.detailedExitcode) args.push('--detailed-exitcode');
  } else {
    // The review happened in the pull request; there is no terminal to ask on.
    args.push('--auto-approve');
    if (inputs.concurrency !== '') args.push('--concurrency', inputs.concurrency);
    if (inputs.migrateConcurrency !== '') args.push('--migrate-concurrency', inputs.migrateConcurrency);
  }
  return args;
}
