import { createInterface } from 'node:readline/promises';
import { WriteStream } from 'node:tty';

/** stdout or stderr: a terminal has isTTY and Node's hasColors(env). */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; hasColors?: (env?: object) => boolean };

/**
 * Everything a command touches of the outside world. `main()` takes it as an argument so that tests
 * run the real CLI in-process with captured output, an environment of their own and no TTY.
 */
export interface Io {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdinIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Asks a question on the terminal and returns the answer (only called when stdinIsTTY). */
  readonly prompt: (question: string) => Promise<string>;
}

/**
 * `flexflow-sync plan | head`: once the reader is gone, further output is dropped instead of
 * crashing on EPIPE. The command itself runs to the end, so an apply is never cut off halfway.
 */
export function dropOutputOnBrokenPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function processIo(): Io {
  dropOutputOnBrokenPipe(process.stdout);
  dropOutputOnBrokenPipe(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    prompt: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/**
 * Whether to colour what goes to `stream`. `--no-color` always wins. On a terminal, Node decides as
 * it does for its own output: hasColors() reads FORCE_COLOR, NO_COLOR, NODE_DISABLE_COLORS and
 * TERM=dumb (https://nodejs.org/api/tty.html#writestreamgetcolordepthenv). A file, a pipe or a CI log
 * is coloured only when FORCE_COLOR asks for it, by Node's reading of its value (0 and false do not).
 */
export function useColor(io: Io, stream: 'stdout' | 'stderr', colorFlag: boolean | undefined): boolean {
  if (colorFlag === false) return false;
  const target = io[stream];
  if (target.isTTY === true && target.hasColors !== undefined) return target.hasColors(io.env);
  return io.env.FORCE_COLOR !== undefined && WriteStream.prototype.getColorDepth(io.env) > 1;
}

/** Whether `stream` is a person's terminal, not a CI log (`CI=true`): where spinners may run. */
export function isInteractive(io: Io, stream: 'stdout' | 'stderr'): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  return !ci && io[stream].isTTY === true;
}
