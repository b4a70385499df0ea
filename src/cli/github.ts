import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../flows/types.js';
import { renderOutputFile, renderProblemAnnotations } from '../render/github.js';
import type { Io } from './io.js';

/**
 * What the CLI adds when it runs inside GitHub Actions: annotations on stdout, the plan in the step
 * summary, outputs for later steps. Every function here does nothing outside Actions.
 */

export function inGitHubActions(io: Io): boolean {
  return io.env.GITHUB_ACTIONS === 'true';
}

/** Annotations must name files relative to the repository root, with `/`, or GitHub cannot place them. */
function workspacePath(io: Io): (file: string) => string {
  const root = io.env.GITHUB_WORKSPACE ?? io.cwd;
  return (file) => {
    const relative = path.relative(root, path.resolve(io.cwd, file));
    const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    return (inside ? relative : file).split(path.sep).join('/');
  };
}

/** Validation problems as error annotations on the lines they point at (at most 10, then a count). */
export function reportProblemsToGitHub(problems: readonly Problem[], io: Io): void {
  if (!inGitHubActions(io) || problems.length === 0) return;
  io.stdout.write(renderProblemAnnotations(problems, { filePath: workspacePath(io) }));
}

/** A file command's target, or undefined when the runner did not provide one (older runners, local act). */
function fileCommandPath(io: Io, name: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY'): string | undefined {
  const file = io.env[name];
  return file === undefined || file === '' ? undefined : path.resolve(io.cwd, file);
}

/** Appends step outputs to `$GITHUB_OUTPUT`, each in heredoc form with a fresh random delimiter. */
export async function writeGitHubOutputs(
  outputs: Readonly<Record<string, string>>,
  io: Io,
  newDelimiter: () => string = () => `ghadelimiter_${randomUUID()}`,
): Promise<void> {
  const file = fileCommandPath(io, 'GITHUB_OUTPUT');
  if (!inGitHubActions(io) || file === undefined) return;
  await appendFile(file, renderOutputFile(outputs, newDelimiter), 'utf8');
}

/** Appends Markdown to the step summary (the caller keeps it under STEP_SUMMARY_MAX_BYTES). */
export async function appendStepSummary(markdown: string, io: Io): Promise<void> {
  const file = fileCommandPath(io, 'GITHUB_STEP_SUMMARY');
  if (!inGitHubActions(io) || file === undefined) return;
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
}
