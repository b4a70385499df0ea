import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './helpers/cli.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

const hooks = parse(readFileSync('.pre-commit-hooks.yaml', 'utf8')) as Hook[];
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };

/** What pre-commit does with a commit's staged files: keep those `files` matches and append them to `entry`. */
function hookArgs(hook: Hook, staged: readonly string[]): string[] {
  const [program, ...args] = hook.entry.split(' ');
  expect(Object.keys(packageJson.bin)).toContain(program);
  const files = new RegExp(hook.files);
  return [...args, ...(hook.pass_filenames ? staged.filter((file) => files.test(file)) : [])];
}

describe('.pre-commit-hooks.yaml', () => {
  const [hook] = hooks;

  it('declares one node hook that runs validate on the files it is given', () => {
    expect(hooks).toHaveLength(1);
    expect(hook).toMatchObject({ id: 'flexflow-sync-validate', language: 'node', pass_filenames: true });
  });

  it('passes a commit that touches valid flow files and others', async () => {
    const args = hookArgs(hook!, ['README.md', 'flows/social.yaml', 'flows/web/web-chat.yaml', 'flexflow-sync.yaml']);
    expect(args).toEqual(['validate', 'flows/social.yaml', 'flows/web/web-chat.yaml']);
    expect(await runCli(args)).toMatchObject({ code: 0, stderr: expect.stringContaining('in 2 files: valid') as unknown });
  });

  it('fails a commit whose flow file is invalid, naming the line', async () => {
    const result = await runCli([...hookArgs(hook!, []), 'test/fixtures/flows/five-mistakes/sms.yml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('test/fixtures/flows/five-mistakes/sms.yml:2:19: chat_service_sid must be');
  });
});
