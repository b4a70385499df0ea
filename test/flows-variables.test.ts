import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../src/errors.js';
import { loadVariables } from '../src/flows/variables.js';
import { useTempDir } from './helpers/tempDir.js';

const tempDir = useTempDir('ffs-vars-');

/** Loads `text` as vars.yaml, with `env` as the environment. */
async function loadVarFile(text: string, env: Record<string, string> = {}) {
  const cwd = tempDir();
  await writeFile(join(cwd, 'vars.yaml'), text);
  const { variables, problems } = await loadVariables({ varFile: 'vars.yaml', env, cwd });
  return { variables: Object.fromEntries(variables), problems };
}

const at = (line: number, column: number, message: string) => ({ file: 'vars.yaml', line, column, rule: 'var-file', message });

describe('loadVariables: the var file', () => {
  it('reads text, numbers and booleans as text, and wins over the environment', async () => {
    expect(
      await loadVarFile('CHANNEL: web\nRETRY: 2\nON: true\n', { FLEXFLOW_VAR_CHANNEL: 'sms', FLEXFLOW_VAR_OTHER: 'x', UNRELATED: 'y' }),
    ).toEqual({
      variables: { CHANNEL: 'web', RETRY: '2', ON: 'true', OTHER: 'x' },
      problems: [],
    });
  });

  const EXTRA_DOCUMENT = 'another YAML document starts here, and a var file holds one: remove the --- above and what follows it';
  it.each([
    {
      name: 'a bad name, at the key',
      text: 'GOOD: 1\n9lives: 1\n',
      variables: { GOOD: '1' },
      problems: [at(2, 1, 'variable name "9lives" must be letters, digits and _, not starting with a digit')],
    },
    {
      name: 'values that are not text, at the value',
      text: 'LIST: [a]\nMAP: { a: 1 }\nNOTHING:\nGOOD: yes\n',
      variables: { GOOD: 'yes' },
      problems: [
        at(1, 7, 'variable LIST must be text, a number or true/false'),
        at(2, 6, 'variable MAP must be text, a number or true/false'),
        at(3, 9, 'variable NOTHING must be text, a number or true/false'),
      ],
    },
    { name: 'a list, not a mapping', text: '- a\n', variables: {}, problems: [at(1, 1, 'a var file must be a mapping NAME: value')] },
    {
      name: 'two documents',
      text: 'A: 1\n---\nB: 2\n',
      variables: { A: '1' },
      problems: [at(3, 1, EXTRA_DOCUMENT)],
    },
    {
      name: 'three documents: each extra one, where it starts',
      text: 'A: 1\n---\nB: 2\n---\nC: 3\n',
      variables: { A: '1' },
      problems: [at(3, 1, EXTRA_DOCUMENT), at(5, 1, EXTRA_DOCUMENT)],
    },
  ])('$name: each problem with its file:line:col, the good variables read all the same', async ({ text, variables, problems }) => {
    expect(await loadVarFile(text)).toEqual({ variables, problems });
  });

  it('a YAML syntax error is a problem too', async () => {
    expect((await loadVarFile('A: [1\n')).problems).toEqual([
      {
        file: 'vars.yaml',
        line: 2,
        column: 1,
        rule: 'yaml-syntax',
        message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('a missing var file is a user error naming the option', async () => {
    await expect(loadVariables({ varFile: 'nope.yaml', env: {}, cwd: tempDir() })).rejects.toThrow(
      new UserInputError('var file nope.yaml not found (--var-file)'),
    );
  });
});
