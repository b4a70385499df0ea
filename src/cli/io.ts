import { createInterface } from 'node:readline/promises';

/**
 * Everything a command touches of the outside world. `main()` takes it as an argument so that tests
 * run the real CLI in-process with captured output, an environment of their own and no TTY.
 */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
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

/** Colour only on a TTY, and never with NO_COLOR (https://no-color.org) or in CI logs that did not ask for it. */
export function useColor(io: Io, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(io[stream].isTTY);
}
