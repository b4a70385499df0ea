import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UserInputError } from '../errors.js';
import { fileStart, problemAt } from './problems.js';
import type { Problem } from './types.js';

interface FlowFile {
  readonly absolutePath: string;
  /** Relative to the working directory, with forward slashes: how problems name it. */
  readonly displayPath: string;
}

export interface FlowFileList {
  readonly files: readonly FlowFile[];
  readonly problems: readonly Problem[];
}

export const FLOW_FILE_PATTERN = /\.ya?ml$/i;

export function displayPath(cwd: string, absolutePath: string): string {
  return relative(cwd, absolutePath).split(sep).join('/');
}

/**
 * Every .yaml/.yml file under `root` at any depth, sorted. Names starting with a dot are skipped
 * (editor lock files, .git). A symlink is followed only when it stays inside the folder. A missing
 * folder lists nothing.
 */
export async function listFlowFiles(root: string, cwd: string): Promise<FlowFileList> {
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], problems: [] };
    throw error;
  }
  if (!(await stat(rootReal)).isDirectory()) throw new UserInputError(`${displayPath(cwd, root)} is not a folder; --dir must name the folder that holds the flow files`);
  const inside = (path: string): boolean => path === rootReal || path.startsWith(rootReal + sep);
  const files: FlowFile[] = [];
  const problems: Problem[] = [];
  const visited = new Set<string>([rootReal]);

  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
    for (const name of entries) {
      const path = join(dir, name);
      const shown = displayPath(cwd, path);
      const info = await lstat(path);
      let target = path;
      let isDirectory = info.isDirectory();
      if (info.isSymbolicLink()) {
        const resolved = await realpath(path).catch(() => undefined);
        if (resolved === undefined || !inside(resolved)) {
          if (FLOW_FILE_PATTERN.test(name) || resolved !== undefined) {
            const why = resolved === undefined ? 'leads nowhere (broken link)' : 'leads outside the flows folder';
            problems.push(problemAt(fileStart(shown), 'symlink', `symlink ${why}; flow files must live inside the folder`));
          }
          continue;
        }
        target = resolved;
        isDirectory = (await stat(resolved)).isDirectory();
      }
      if (isDirectory) {
        if (visited.has(target)) continue;
        visited.add(target);
        await walk(path);
      } else if (FLOW_FILE_PATTERN.test(name)) {
        files.push({ absolutePath: target, displayPath: shown });
      }
    }
  };

  await walk(root);
  files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return { files, problems };
}
