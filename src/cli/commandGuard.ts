import { Writable } from 'node:stream';
import type { Io } from './io.js';

/**
 * Inside GitHub Actions the runner reads every output line that starts (after blanks) with `::` or
 * `##[` as a workflow command, on stdout and stderr alike: a file name, a YAML key or a server's
 * message that reached the start of a line could add a secret mask, set an output or stop the
 * log. Behind the guard no such line gets out unless the tool wrote it through
 * writeWorkflowCommands; any other gets a `\` in front.
 */

type OutputStream = Io['stdout'];

export function inGitHubActions(io: Pick<Io, 'env'>): boolean {
  return io.env.GITHUB_ACTIONS === 'true';
}

/** The stream each guard writes to, so that the tool's own commands can bypass it. */
const unguarded = new WeakMap<OutputStream, OutputStream>();

const COMMAND_PREFIXES = ['::', '##['] as const;

/** Whether `text`, at a line's first non-blank character, starts a command (or, cut short at its end, might). */
function startsCommand(text: string, at: number): boolean {
  return COMMAND_PREFIXES.some((prefix) => {
    const next = text.slice(at, at + prefix.length);
    return next === prefix || (at + next.length === text.length && prefix.startsWith(next));
  });
}

/** `text` with a `\` before each line start that would be a command; `lineStart` says whether it begins a line. */
function escapeCommandLines(text: string, lineStart: boolean): { readonly text: string; readonly lineStart: boolean } {
  let out = '';
  let blank = lineStart;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '\n') {
      blank = true;
    } else if (blank && char !== ' ' && char !== '\t' && char !== '\r') {
      blank = false;
      if (startsCommand(text, i)) out += '\\';
    }
    out += char;
  }
  return { text: out, lineStart: blank };
}

function guardStream(stream: OutputStream): OutputStream {
  let lineStart = true;
  const guard: OutputStream = new Writable({
    // The callback is called at once so that guarded and unguarded writes keep their order.
    write(chunk: Buffer | string, _encoding, callback) {
      const escaped = escapeCommandLines(chunk.toString(), lineStart);
      lineStart = escaped.lineStart;
      stream.write(escaped.text);
      callback();
    },
  });
  guard.isTTY = stream.isTTY === true;
  unguarded.set(guard, stream);
  return guard;
}

/** The Io with both output streams behind the guard. */
export function guardWorkflowCommands(io: Io): Io {
  return { ...io, stdout: guardStream(io.stdout), stderr: guardStream(io.stderr) };
}

/** Writes workflow commands the tool made itself (each value in them escaped), past the guard. */
export function writeWorkflowCommands(stream: OutputStream, commands: string): void {
  (unguarded.get(stream) ?? stream).write(commands);
}
