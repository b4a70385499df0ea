import { relative, sep } from 'node:path';

/** A file as problems and messages name it: relative to the working directory, with forward slashes. */
export function displayPath(cwd: string, absolutePath: string): string {
  return relative(cwd, absolutePath).split(sep).join('/');
}
