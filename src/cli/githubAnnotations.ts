import path from 'node:path';
import type { Problem } from '../source/types.js';
import { renderProblemAnnotations } from '../render/annotations.js';
import { inGitHubActions, writeWorkflowCommands } from './commandGuard.js';
import type { Io } from './io.js';

/**
 * Validation problems as annotations inside GitHub Actions; apart from github.ts so that `validate`
 * does not load the plan's Markdown and its diff library. Annotations go to stderr: the runner reads
 * workflow commands from both streams, and stdout may be JSON (`--format json`) that a later step parses.
 */

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
  writeWorkflowCommands(io.stderr, renderProblemAnnotations(problems, { filePath: workspacePath(io) }));
}
