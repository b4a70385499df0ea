import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../src/errors.js';
import { writeFilesAllOrNothing } from '../src/writeFiles.js';
import { useTempDir } from './helpers/tempDir.js';

const dir = useTempDir('export-write-');

const display = (file: string): string => path.relative(dir(), file);

describe('writeFilesAllOrNothing', () => {
  it('creates folders and writes every file', async () => {
    await writeFilesAllOrNothing([
      { path: path.join(dir(), 'flows/a.yaml'), content: 'a\n' },
      { path: path.join(dir(), 'vars.yaml'), content: 'v\n' },
    ]);
    expect(await readFile(path.join(dir(), 'flows/a.yaml'), 'utf8')).toBe('a\n');
    expect(await readFile(path.join(dir(), 'vars.yaml'), 'utf8')).toBe('v\n');
  });

  it('refuses when any target exists, names it, and writes nothing', async () => {
    await mkdir(path.join(dir(), 'flows'));
    await writeFile(path.join(dir(), 'flows/b.yaml'), 'old\n');
    const files = ['a', 'b', 'c'].map((n) => ({ path: path.join(dir(), `flows/${n}.yaml`), content: `${n}\n` }));
    await expect(writeFilesAllOrNothing(files, { display })).rejects.toThrow(
      'file exists: flows/b.yaml; nothing was written (use --force to overwrite)',
    );
    expect(await readdir(path.join(dir(), 'flows'))).toEqual(['b.yaml']);
    expect(await readFile(path.join(dir(), 'flows/b.yaml'), 'utf8')).toBe('old\n');
  });

  it('names the first five existing files and counts the rest', async () => {
    const files = Array.from({ length: 7 }, (_, i) => ({ path: path.join(dir(), `f${i}.yaml`), content: 'new\n' }));
    for (const file of files) await writeFile(file.path, 'old\n');
    await expect(writeFilesAllOrNothing(files, { display })).rejects.toThrow(
      '7 files exist: f0.yaml, f1.yaml, f2.yaml, f3.yaml, f4.yaml and 2 more; nothing was written (use --force to overwrite)',
    );
  });

  it('overwrites with force', async () => {
    await writeFile(path.join(dir(), 'a.yaml'), 'old\n');
    await writeFilesAllOrNothing([{ path: path.join(dir(), 'a.yaml'), content: 'new\n' }], { force: true });
    expect(await readFile(path.join(dir(), 'a.yaml'), 'utf8')).toBe('new\n');
    expect(await readdir(dir())).toEqual(['a.yaml']);
  });

  it('refuses a target under a file, as a user error, and writes nothing', async () => {
    await writeFile(path.join(dir(), 'flows'), 'not a folder\n');
    await expect(
      writeFilesAllOrNothing(
        [
          { path: path.join(dir(), 'vars.yaml'), content: 'v\n' },
          { path: path.join(dir(), 'flows/a.yaml'), content: 'a\n' },
        ],
        { display },
      ),
    ).rejects.toThrow(new UserInputError('cannot write flows/a.yaml: a part of its path is a file, not a folder; nothing was written'));
    expect(await readdir(dir())).toEqual(['flows']);
  });

  it.each([
    { name: 'a folder', make: (target: string) => mkdir(target) },
    { name: 'a symlink', make: (target: string) => symlink(path.join(dir(), 'elsewhere'), target) },
  ])('never replaces $name, even with force', async ({ make }) => {
    await make(path.join(dir(), 'a.yaml'));
    await expect(
      writeFilesAllOrNothing(
        [
          { path: path.join(dir(), 'z.yaml'), content: 'z\n' },
          { path: path.join(dir(), 'a.yaml'), content: 'a\n' },
        ],
        { force: true, display },
      ),
    ).rejects.toThrow(
      'a.yaml: exists and is not a regular file (a folder, symlink, pipe or device); move it away or name another file, and run again',
    );
    expect((await readdir(dir())).sort()).toEqual(['a.yaml']);
  });
});
