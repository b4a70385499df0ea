import { mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { debugEnabled, formatUnexpectedError } from '../src/cli/unexpectedError.js';
import { captureIo } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';

/** A real error thrown by Node's file system, as a command would meet it. */
function thrownBy(action: () => void): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the action to throw');
}

const missing = join(tmpdir(), 'flexflow-sync-missing-dir', 'a.yaml');
const exists = thrownBy(() => mkdirSync(tmpdir()));
const renameMissing = thrownBy(() => renameSync(missing, '/tmp/b.yaml'));
const noSpace = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', errno: -28 });
const bug = new TypeError("Cannot read properties of undefined (reading 'sid') at https://AC123:token@flex-api.twilio.com/v1");
const HINT =
  'error: this is a bug in flexflow-sync; run again with FLEXFLOW_SYNC_DEBUG=1 for the stack trace and report it with that output';

describe('formatUnexpectedError', () => {
  it.each([
    ['a system error names its path', exists, `error: ${tmpdir()}: file already exists (EEXIST from mkdir)\n`],
    [
      'a system error with a destination names both',
      renameMissing,
      `error: ${missing} -> /tmp/b.yaml: no such file or directory (ENOENT from rename)\n`,
    ],
    ['a system error without a path', noSpace, 'error: no space left on device (ENOSPC from write)\n'],
    [
      'a bug says how to get the stack, with credentials redacted',
      bug,
      `error: Cannot read properties of undefined (reading 'sid') at https://***@flex-api.twilio.com/v1\n${HINT}\n`,
    ],
    ['a thrown non-Error is a bug too', 'boom', `error: boom\n${HINT}\n`],
  ])('%s', (_name, error, expected) => {
    expect(formatUnexpectedError(error, false)).toBe(expected);
  });

  it('prints the stack in debug mode, redacted, instead of the hint', () => {
    const text = formatUnexpectedError(bug, true);
    expect(text).toBe(`error: ${bug.message.replace('AC123:token', '***')}\n${(bug.stack ?? '').replace('AC123:token', '***')}\n`);
    expect(text).not.toContain('token');
  });

  it.each([
    [{}, false],
    [{ FLEXFLOW_SYNC_DEBUG: '' }, false],
    [{ FLEXFLOW_SYNC_DEBUG: '0' }, false],
    [{ FLEXFLOW_SYNC_DEBUG: '1' }, true],
    [{ FLEXFLOW_SYNC_DEBUG: 'true' }, true],
  ])('debugEnabled(%j) is %s', (env, expected) => {
    expect(debugEnabled(env)).toBe(expected);
  });
});

describe('main with an unexpected error', () => {
  const dir = useTempDir('flexflow-sync-unexpected-');
  /** stdout fails the way a full disk would: the error reaches main() from inside a command (validate of an empty flows folder). */
  function failingIo(error: Error, env: Record<string, string> = {}): ReturnType<typeof captureIo> {
    const stdout = new Writable({
      write() {
        throw error;
      },
    });
    mkdirSync(join(dir(), 'flows'));
    return captureIo({ stdout, env, cwd: dir() });
  }

  it.each([
    ['a system error', noSpace, {}, 'error: no space left on device (ENOSPC from write)\n'],
    ['a bug', new Error('unexpected state'), {}, `error: unexpected state\n${HINT}\n`],
  ])('%s is one clear message and exit 1, not a stack trace', async (_name, error, env, expected) => {
    const { io, stderr } = failingIo(error, env);
    const code = await main(['validate', '--format', 'json'], io);
    expect({ code, stderr: stderr() }).toEqual({ code: 1, stderr: `no settings file: defaults\n${expected}` });
  });

  it('prints the stack with FLEXFLOW_SYNC_DEBUG=1', async () => {
    const error = new Error('unexpected state');
    const { io, stderr } = failingIo(error, { FLEXFLOW_SYNC_DEBUG: '1' });
    expect(await main(['validate', '--format', 'json'], io)).toBe(1);
    expect(stderr()).toBe(`no settings file: defaults\nerror: unexpected state\n${error.stack ?? ''}\n`);
  });
});
