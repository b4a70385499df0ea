import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { appendStepSummary, writeGitHubOutputs } from '../cli/github.js';
import type { Io } from '../cli/io.js';
import { main } from '../cli/main.js';
import { debugEnabled, formatUnexpectedError } from '../cli/unexpectedError.js';
import { FlexFlowSyncError } from '../errors.js';
import { redactUrlCredentials } from '../redactUrl.js';
import { formatAnnotation } from '../render/annotations.js';
import { STEP_SUMMARY_MAX_BYTES, fitToBytes } from '../render/github.js';
import { parsePlanFile } from '../plan/planFile.js';
import { GITHUB_COMMENT_MAX_LENGTH } from '../render/markdown.js';
import { commentMarker, renderPlanComment, renderRunMarkdown, type RunOutcome } from './comment.js';
import { type ActionInputs, cliArguments, readInputs } from './inputs.js';
import { parseOutputFile } from './outputs.js';
import { pullRequestOf, upsertStickyComment } from './stickyComment.js';

/**
 * The GitHub Action: runs the CLI in-process with the inputs as arguments, then sets every output,
 * the job summary, the sticky pull-request comment and the exit code from code, on every path.
 */

/** The action's outputs; each is written once, empty when the run did not get that far. */
const OUTPUT_NAMES = ['has-changes', 'plan-file', 'markdown-file', 'summary', 'exit-code'] as const;

/** Everything the CLI printed, in order and per stream, as plain lines. */
class Transcript {
  private readonly chunks: { readonly stream: 'stdout' | 'stderr'; readonly text: string }[] = [];

  /** A stream that passes everything on to `target` (the step's log) and keeps a copy. */
  tee(stream: 'stdout' | 'stderr', target: NodeJS.WritableStream): Writable {
    return new Writable({
      // Done at once, not when the log has flushed: a Writable holds later chunks until the callback,
      // and stderr chunks, passing meanwhile, would be recorded ahead of stdout's.
      write: (chunk: Buffer, _encoding, callback) => {
        this.chunks.push({ stream, text: chunk.toString() });
        target.write(chunk);
        callback();
      },
    });
  }

  /** Lines without colour and without workflow commands (annotations already show those). */
  lines(stream?: 'stdout' | 'stderr'): string[] {
    const text = this.chunks
      .filter((chunk) => stream === undefined || chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join('');
    return stripVTControlCharacters(text)
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('::'));
  }
}

/**
 * The run's one line. On success, the CLI's own (plan, apply) or its verdict (validate). On failure,
 * the error that stopped it; else the CLI's own (apply counts its failures); else its last words.
 */
function summaryOf(command: string, succeeded: boolean, written: string | undefined, transcript: Transcript): string {
  const stderr = transcript.lines('stderr');
  if (succeeded) return written ?? stderr.at(-1) ?? '';
  const error = stderr.findLast((line) => line.startsWith('error: '));
  if (error !== undefined) return `${command} failed: ${error.slice('error: '.length)}`;
  if (written !== undefined) return written;
  const last = stderr.at(-1);
  return last === undefined ? `${command} failed` : `${command} failed: ${last}`;
}

/** Changes with detailed-exitcode are a result, reported in `exit-code`, not a failed step. */
function stepSucceeded(inputs: ActionInputs, status: number): boolean {
  return status === 0 || (status === 2 && inputs.command === 'plan' && inputs.detailedExitcode);
}

/**
 * The CLI's environment. Flow files come from pull requests; `${NAME}` reads only FLEXFLOW_VAR_NAME,
 * and the action's own inputs (the GitHub token among them) are kept from the CLI all the same. Its outputs go to a
 * file of ours, read back below so that each output is written once; its temporary files go to
 * this step's own folder, so two steps of one job never share one.
 */
function cliEnvironment(env: Io['env'], work: string, outputFile: string): Record<string, string | undefined> {
  const kept = Object.entries(env).filter(([name]) => !name.startsWith('INPUT_'));
  return { ...Object.fromEntries(kept), GITHUB_OUTPUT: outputFile, RUNNER_TEMP: work };
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

async function commentBody(inputs: ActionInputs, outcome: RunOutcome, planFile: string): Promise<string> {
  if (inputs.command === 'plan' && outcome.succeeded) {
    return renderPlanComment(parsePlanFile(await readFile(planFile, 'utf8')), inputs.environment);
  }
  return renderRunMarkdown(outcome, { marker: commentMarker(inputs.environment), maxLength: GITHUB_COMMENT_MAX_LENGTH });
}

/** Posts or edits the environment's sticky comment when the event is a pull request; says why not otherwise. */
async function comment(inputs: ActionInputs, outcome: RunOutcome, planFile: string, io: Io): Promise<void> {
  const target = await pullRequestOf(io.env);
  if (target === undefined) {
    io.stdout.write('flexflow-sync: this event is not a pull request; no comment to post\n');
    return;
  }
  const body = await commentBody(inputs, outcome, planFile);
  const apiUrl = io.env.GITHUB_API_URL || 'https://api.github.com';
  const result = await upsertStickyComment(target, commentMarker(inputs.environment), body, { token: inputs.githubToken, apiUrl });
  io.stdout.write(`flexflow-sync: ${result.action} comment ${result.id} on pull request #${target.number} (${inputs.environment})\n`);
}

function reportError(message: string, io: Io): void {
  io.stdout.write(`${formatAnnotation('error', redactUrlCredentials(message), { title: 'flexflow-sync' })}\n`);
}

async function runInputs(inputs: ActionInputs, io: Io): Promise<number> {
  const work = await mkdtemp(path.join(io.env.RUNNER_TEMP || tmpdir(), 'flexflow-sync-'));
  const planFile = path.join(work, 'plan.json');
  const cliOutputFile = path.join(work, 'outputs');
  const transcript = new Transcript();
  const cliIo: Io = {
    stdout: transcript.tee('stdout', io.stdout),
    stderr: transcript.tee('stderr', io.stderr),
    stdinIsTTY: false,
    env: cliEnvironment(io.env, work, cliOutputFile),
    cwd: io.cwd,
    prompt: () => Promise.reject(new Error('the action never asks: apply runs with --auto-approve')),
  };
  const status = await main(cliArguments(inputs, planFile), cliIo);
  const succeeded = stepSucceeded(inputs, status);
  const written = parseOutputFile(await readOptional(cliOutputFile));
  const outcome: RunOutcome = {
    command: inputs.command,
    environment: inputs.environment,
    succeeded,
    summary: summaryOf(inputs.command, succeeded, written.summary, transcript),
    log: transcript.lines(),
  };
  const outputs = Object.fromEntries(OUTPUT_NAMES.map((name) => [name, written[name] ?? '']));
  await writeGitHubOutputs({ ...outputs, summary: outcome.summary, 'exit-code': String(status) }, io);
  // The CLI puts a plan or an apply report in the job summary itself; validate and failures are ours.
  if (inputs.command === 'validate' || !succeeded) {
    await appendStepSummary(
      fitToBytes((maxLength) => renderRunMarkdown(outcome, { maxLength }), STEP_SUMMARY_MAX_BYTES),
      io,
    );
  }
  let exitCode = succeeded ? 0 : status;
  if (inputs.comment) {
    try {
      await comment(inputs, outcome, planFile, io);
    } catch (error) {
      // A stale comment would show reviewers a plan that no longer holds: fail the step.
      const httpStatus = (error as { status?: unknown }).status;
      const hint = httpStatus === 403 || httpStatus === 404 ? '; give the job `permissions: pull-requests: write`' : '';
      reportError(`could not post the ${inputs.command} comment for ${inputs.environment}: ${(error as Error).message}${hint}`, io);
      exitCode = exitCode === 0 ? 1 : exitCode;
    }
  }
  return exitCode;
}

/** Never throws: a bad input or a bug is an error annotation, the `exit-code` output and exit status 1. */
export async function runAction(io: Io): Promise<number> {
  try {
    return await runInputs(readInputs(io.env), io);
  } catch (error) {
    let summary = 'flexflow-sync failed';
    if (error instanceof FlexFlowSyncError) {
      summary = `${summary}: ${redactUrlCredentials(error.message)}`;
      reportError(error.message, io);
    } else {
      io.stderr.write(formatUnexpectedError(error, debugEnabled(io.env)));
    }
    await writeGitHubOutputs({ ...Object.fromEntries(OUTPUT_NAMES.map((name) => [name, ''])), summary, 'exit-code': '1' }, io);
    return 1;
  }
}
