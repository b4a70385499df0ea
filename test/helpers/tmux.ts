/**
 * Test helper: a program run on a real terminal (a tmux pane on a private tmux server), for what only
 * shows on a TTY: spinners, colour, shell completion.
 *
 *   const pane = await openPane(['zsh', '-f'], { env: { HOME: dir } });
 *   await pane.send('flexflow-sync ', 'Tab');
 *   await pane.waitFor(/validate/);
 *   await pane.close();
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Pane {
  /** Sends keys as tmux `send-keys` takes them: literal text, or key names such as `Tab` and `Enter`. */
  readonly send: (...keys: string[]) => Promise<void>;
  /** The screen (and scrollback) as plain text, or with its colours as ANSI escapes. */
  readonly screen: (options?: { readonly escapes?: boolean }) => Promise<string>;
  /** Polls the screen until it matches; throws with the screen when it never does. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  readonly close: () => Promise<void>;
}

let panes = 0;

export async function openPane(
  command: readonly string[],
  options: { readonly env?: Record<string, string>; readonly cwd?: string } = {},
): Promise<Pane> {
  const socket = `flexflow-sync-test-${process.pid}-${panes++}`;
  const tmux = (...args: string[]): Promise<{ stdout: string }> => run('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
  const env = Object.entries({ TERM: 'xterm-256color', PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env }).map(
    ([key, value]) => `${key}=${value}`,
  );
  await tmux(
    'new-session',
    '-d',
    '-s',
    'test',
    '-x',
    '200',
    '-y',
    '50',
    ...(options.cwd === undefined ? [] : ['-c', options.cwd]),
    'env',
    '-i',
    ...env,
    ...command,
  );
  await tmux('set-option', '-t', 'test', 'remain-on-exit', 'on');
  const screen = async (screenOptions: { readonly escapes?: boolean } = {}): Promise<string> =>
    (await tmux('capture-pane', '-p', '-J', ...(screenOptions.escapes === true ? ['-e'] : []), '-S', '-1000', '-t', 'test')).stdout;
  return {
    send: async (...keys) => {
      await tmux('send-keys', '-t', 'test', ...keys);
    },
    screen,
    waitFor: async (pattern, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const text = await screen();
        if (pattern.test(text)) return text;
        if (Date.now() > end) throw new Error(`the terminal never showed ${String(pattern)}; it shows:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: async () => {
      await tmux('kill-server').catch(() => undefined);
    },
  };
}

/** The argv that runs the CLI from source in a process of its own (cwd: any; tsx is found from this file). */
export const CLI_PROCESS: readonly string[] = [
  process.execPath,
  '--import',
  new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href,
  new URL('./cliEntry.ts', import.meta.url).pathname,
];
