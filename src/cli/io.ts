import { WriteStream } from 'node:tty';

/** The person ended the prompt without answering: Ctrl+C (`interrupt`) or Ctrl+D / end of input (`end`). */
export class PromptCancelled extends Error {
  constructor(readonly how: 'interrupt' | 'end') {
    super(how === 'interrupt' ? 'interrupted at the prompt' : 'end of input at the prompt');
    this.name = 'PromptCancelled';
  }
}

/** stdout or stderr: a terminal has isTTY and Node's hasColors(env). */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; hasColors?: (env?: object) => boolean };

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
  /**
   * Asks a question on the terminal and returns the answer (only called when stdinIsTTY); rejects
   * with PromptCancelled on Ctrl+C or Ctrl+D.
   */
  readonly prompt: (question: string) => Promise<string>;
  /**
   * Calls `listener` on the first Ctrl+C (SIGINT) until the returned function is called; a second
   * Ctrl+C calls `lastWords` (which must write synchronously) and exits at once with status 130.
   * Absent: interrupts are not caught.
   */
  readonly onInterrupt?: (listener: () => void, lastWords?: () => void) => () => void;
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
    // readline is loaded only when a run asks: most never do.
    prompt: async (question) => {
      const { createInterface } = await import('node:readline');
      return new Promise((resolve, reject) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        // Settled once: the first of an answer, Ctrl+C (readline's SIGINT in raw mode) and end of input.
        rl.on('SIGINT', () => {
          reject(new PromptCancelled('interrupt'));
          rl.close();
        });
        rl.on('close', () => reject(new PromptCancelled('end')));
        rl.question(question, (answer) => {
          resolve(answer);
          rl.close();
        });
      });
    },
    onInterrupt: (listener, lastWords) => {
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts += 1;
        if (interrupts > 1) {
          lastWords?.();
          process.exit(130);
        }
        listener();
      };
      process.on('SIGINT', onSigint);
      return () => process.off('SIGINT', onSigint);
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

/**
 * Whether `stream` is a person's terminal, not a CI log (`CI=true`): where spinners may run. A
 * terminal that reports no width (a pty nobody sized) is not one: ora's line counting never ends there.
 */
export function isInteractive(io: Io, stream: 'stdout' | 'stderr'): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  const target = io[stream];
  return !ci && target.isTTY === true && (target.columns === undefined || target.columns > 0);
}

/** Output a machine reads: one JSON document, indented, on `out`; the type lets through only a versioned one. */
export function writeJsonDocument<Versioned extends { readonly format_version: number }>(out: Io['stdout'], document: Versioned): void {
  out.write(`${JSON.stringify(document, null, 2)}\n`);
}
