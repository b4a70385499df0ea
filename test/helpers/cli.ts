/**
 * Test helper: the real CLI run in-process, as `main(argv, io)` allows, with captured output.
 *
 *   const result = await runCli(['plan', '--detailed-exitcode'], { cwd, env: emulatorEnv(handle) });
 *   expect(result).toEqual({ code: 2, stdout: '...', stderr: '' });
 */
import { Writable } from 'node:stream';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CaptureOptions {
  /**
   * stdout pretends to be an 80-column terminal, as far as ora needs one: clearing a line drops what
   * was written since the last newline, so the text is what the terminal ends up showing.
   */
  readonly terminal?: boolean;
}

/** A stream that keeps everything written to it, synchronously, so a test can read it at any time. */
export function captureStream({ terminal = false }: CaptureOptions = {}): { readonly stream: Writable; readonly text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  if (terminal) {
    const clearLine = () => {
      text = text.slice(0, text.lastIndexOf('\n') + 1);
      return true;
    };
    Object.assign(stream, { isTTY: true, columns: 80, cursorTo: () => true, moveCursor: () => true, clearLine });
  }
  return { stream, text: () => text };
}

/**
 * An Io with captured stdout and stderr, no TTY, an empty environment and this process's cwd, each
 * replaceable through `overrides`. Without a TTY no command may prompt, so a prompt fails the test.
 */
export function captureIo(
  overrides: Partial<Io> = {},
  options: CaptureOptions = {},
): { readonly io: Io; readonly stdout: () => string; readonly stderr: () => string } {
  const stdout = captureStream(options);
  const stderr = captureStream();
  const io: Io = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdinIsTTY: false,
    env: {},
    cwd: process.cwd(),
    prompt: () => Promise.reject(new Error('prompt() called without a TTY')),
    ...overrides,
  };
  return { io, stdout: stdout.text, stderr: stderr.text };
}

/** `stderr` less the line every command that reads settings prints first; test/settings-cli.test.ts checks that line. */
function withoutSettingsLine(stderr: string): string {
  return stderr.replace(/^(?:settings: [^\n]*|no settings file: defaults)\n/, '');
}

/** `flexflow-sync <args>` in-process: its exit code and everything it printed, with stderr's settings line kept. */
export async function runCliRaw(args: readonly string[], overrides: Partial<Io> = {}, options: CaptureOptions = {}): Promise<CliRun> {
  const { io, stdout, stderr } = captureIo(overrides, options);
  const code = await main(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

/**
 * `flexflow-sync <args>` in-process: its exit code and everything it printed, less the leading
 * "settings: …" line on stderr, so a test of something else need not repeat where settings came from.
 */
export async function runCli(args: readonly string[], overrides: Partial<Io> = {}, options: CaptureOptions = {}): Promise<CliRun> {
  const result = await runCliRaw(args, overrides, options);
  return { ...result, stderr: withoutSettingsLine(result.stderr) };
}
