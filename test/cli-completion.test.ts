import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';
import { hasProgram, openPane } from './helpers/tmux.js';

const COMMANDS = ['validate', 'plan', 'show', 'apply', 'export', 'migrate', 'emulator', 'completion'];

async function script(shell: string, dir: string): Promise<string> {
  const result = await runCli(['completion', shell]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const file = path.join(dir, `completion.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

describe('flexflow-sync completion', () => {
  const tempDir = useTempDir('flexflow-completion-');

  /** What bash offers for the line typed so far (the last word may be empty: the cursor after a space). */
  function bashComplete(file: string, line: string): string[] {
    const words = line.split(' ');
    const program = `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _flexflow_sync; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['--norc', '-c', program], { cwd: tempDir(), encoding: 'utf8' }).split('\n').filter(Boolean).sort();
  }

  it('bash: completes commands, their options, choices and folders', async () => {
    const file = await script('bash', tempDir());
    mkdirSync(path.join(tempDir(), 'flows'));
    writeFileSync(path.join(tempDir(), 'flows.txt'), '');
    expect(bashComplete(file, 'flexflow-sync ')).toEqual([...COMMANDS, '--help', '--version'].sort());
    expect(bashComplete(file, 'flexflow-sync plan --format ')).toEqual(['json', 'markdown', 'text']);
    expect(bashComplete(file, 'flexflow-sync plan --fo')).toEqual(['--format']);
    expect(bashComplete(file, 'flexflow-sync apply --dir fl')).toEqual(['flows']);
    expect(bashComplete(file, 'flexflow-sync validate fl')).toEqual(['flows', 'flows.txt']);
    expect(bashComplete(file, 'flexflow-sync completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  it.skipIf(!hasProgram('fish'))('fish: completes commands with their descriptions, and choices', async () => {
    const file = await script('fish', tempDir());
    const complete = (line: string): string[] =>
      execFileSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
    expect(
      complete('flexflow-sync ')
        .map((row) => row.split('\t')[0])
        .sort(),
    ).toEqual([...COMMANDS].sort());
    expect(complete('flexflow-sync ')).toContain('plan\tCompare the flow files with the live flows and show what apply would change');
    expect(complete('flexflow-sync export --layout ')).toEqual([
      'one-file\tone file per kind, or one file per flow or address configuration',
      'per-flow\tone file per kind, or one file per flow or address configuration',
    ]);
  });

  it.skipIf(!hasProgram('zsh') || !hasProgram('tmux'))('zsh: completes choices on a real terminal', async () => {
    const file = await script('zsh', tempDir());
    const pane = await openPane(['zsh', '-f'], { env: { HOME: tempDir() }, cwd: tempDir() });
    try {
      await pane.send(`autoload -U compinit && compinit -u && source ${file} && echo loaded`, 'Enter');
      await pane.waitFor(/^loaded$/m);
      await pane.send('flexflow-sync plan --format ', 'Tab');
      await pane.waitFor(/json\s+markdown\s+text/);
      await pane.send('C-u', 'flexflow-sync comp', 'Tab');
      await pane.waitFor(/flexflow-sync completion \s*$/m);
    } finally {
      await pane.close();
    }
  });

  it('refuses a shell it does not know, naming the ones it does', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
    );
  });
});
