import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { UserInputError } from '../errors.js';
import { displayPath } from '../source/displayPath.js';
import { fileStart, problemAt } from '../source/problems.js';
import type { Problem } from '../source/types.js';

interface FlowFile {
  readonly absolutePath: string;
  /** Relative to the working directory, with forward slashes: how problems name it. */
  readonly displayPath: string;
}

export interface FlowFileList {
  readonly files: readonly FlowFile[];
  readonly problems: readonly Problem[];
}

const FLOW_FILE_PATTERN = /\.ya?ml$/i;

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
  if (!(await stat(rootReal)).isDirectory())
    throw new UserInputError(`${displayPath(cwd, root)} is not a folder; --dir must name the folder that holds the flow files`);
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
  return { files: sortFiles(files), problems };
}

function sortFiles(files: FlowFile[]): FlowFile[] {
  return files.sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
}

/**
 * The files named on the command line (`validate a.yaml b.yaml`, as a pre-commit hook passes them),
 * read whatever their extension since the user named them; a folder among them is walked as --dir is.
 * A file named twice is read once. A missing path is an error: a typo must not pass for "valid".
 */
export async function listNamedFlowFiles(paths: readonly string[], cwd: string): Promise<FlowFileList> {
  const byPath = new Map<string, FlowFile>();
  const problems: Problem[] = [];
  for (const path of paths) {
    const absolutePath = resolve(cwd, path);
    const info = await stat(absolutePath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new UserInputError(`${path}: no such file or folder; name flow files or folders that exist`);
      throw error;
    });
    if (info.isDirectory()) {
      const listing = await listFlowFiles(absolutePath, cwd);
      for (const file of listing.files) byPath.set(file.absolutePath, file);
      problems.push(...listing.problems);
    } else {
      byPath.set(absolutePath, { absolutePath, displayPath: displayPath(cwd, absolutePath) });
    }
  }
  return { files: sortFiles([...byPath.values()]), problems };
}
