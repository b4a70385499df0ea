import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readYamlFile } from '../src/source/readYamlFile.js';
import { useTempDir } from './helpers/tempDir.js';

// Counts the loads of the yaml library; `validate` of plain files starts without it (issue 16).
const yamlLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock('yaml', async (importOriginal) => {
  yamlLoads.count += 1;
  return importOriginal();
});

describe('readYamlFile loads the yaml library only for what the hand-written reader declines', () => {
  const dir = useTempDir('flexflow-read-yaml-');

  it('reads a plain file without it: lists of plain values, [] and comments after values included', async () => {
    await writeFile(
      join(dir(), 'plain.yaml'),
      'friendly_name: Web # chat\nintegration:\n  retry_count: 1\nrenamed_from:\n  - Old\n---\nfriendly_name: B\nrenamed_from: []\n',
    );
    const read = await readYamlFile(join(dir(), 'plain.yaml'), 'flows/plain.yaml');
    expect(read.documents.map((document) => document.value)).toEqual([
      { friendly_name: 'Web', integration: { retry_count: 1 }, renamed_from: ['Old'] },
      { friendly_name: 'B', renamed_from: [] },
    ]);
    expect(yamlLoads.count).toBe(0);
  });

  it('loads it for what the reader declines, and for brackets, which the nesting check sees first', async () => {
    await writeFile(join(dir(), 'anchor.yaml'), 'friendly_name: &name Web\n');
    expect((await readYamlFile(join(dir(), 'anchor.yaml'), 'flows/anchor.yaml')).documents[0]?.value).toEqual({ friendly_name: 'Web' });
    expect(yamlLoads.count).toBe(1);
    await writeFile(join(dir(), 'deep.yaml'), `a: ${'['.repeat(40)}\n`);
    expect((await readYamlFile(join(dir(), 'deep.yaml'), 'flows/deep.yaml')).problems.map((problem) => problem.rule)).toEqual([
      'nesting-too-deep',
    ]);
  });
});
