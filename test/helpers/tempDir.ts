import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh empty folder for each test, made before it (beforeEach) and removed with all it holds after
 * it (afterEach). Call it where the hooks belong (top level or a describe block); the getter returns
 * the current test's folder.
 */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir(): the folder only exists inside tests (after beforeEach)');
    return dir;
  };
}

/** Makes `cwd`/flows holding `files` (file name → text): the flows folder a command reads by default. */
export async function writeFlowsFolder(cwd: string, files: Readonly<Record<string, string>>): Promise<void> {
  await mkdir(join(cwd, 'flows'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(cwd, 'flows', name), text);
}
