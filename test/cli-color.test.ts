import { WriteStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import type { OutputStream } from '../src/cli/io.js';
import { captureStream, runCli } from './helpers/cli.js';
import { CLI_PROCESS, hasProgram, openPane } from './helpers/tmux.js';
import { emulatorEnv, useEmulator } from './helpers/withEmulator.js';

const ESC = '\u001b[';

/** A stream that says it is a terminal and answers hasColors() with Node's own code, as a real one does. */
function terminalStream(): { stream: OutputStream; text: () => string } {
  const { stream, text } = captureStream();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- borrowed as a method of the object hasColors is called on, its `this`
  const getColorDepth = WriteStream.prototype.getColorDepth;
  const hasColors = (env?: object): boolean => WriteStream.prototype.hasColors.call({ getColorDepth }, 16, env);
  return { stream: Object.assign(stream, { isTTY: true, hasColors }), text };
}

describe('colour (plan on the example flows, 7 to create)', () => {
  const emulator = useEmulator();

  it.each([
    { name: 'a colour terminal', env: { TERM: 'xterm-256color' }, args: [], tty: true, colour: true },
    { name: 'FORCE_COLOR=0 on a terminal', env: { TERM: 'xterm-256color', FORCE_COLOR: '0' }, args: [], tty: true, colour: false },
    { name: 'TERM=dumb', env: { TERM: 'dumb' }, args: [], tty: true, colour: false },
    { name: 'NO_COLOR on a terminal', env: { TERM: 'xterm-256color', NO_COLOR: '1' }, args: [], tty: true, colour: false },
    { name: '--no-color on a terminal', env: { TERM: 'xterm-256color' }, args: ['--no-color'], tty: true, colour: false },
    { name: 'a pipe', env: { TERM: 'xterm-256color' }, args: [], tty: false, colour: false },
    { name: 'a pipe with FORCE_COLOR=1 (a CI log that renders colour)', env: { FORCE_COLOR: '1' }, args: [], tty: false, colour: true },
    { name: 'a pipe with FORCE_COLOR=1 and --no-color', env: { FORCE_COLOR: '1' }, args: ['--no-color'], tty: false, colour: false },
  ])('$name: colour $colour', async ({ env, args, tty, colour }) => {
    const terminal = terminalStream();
    const result = await runCli(['plan', ...args], {
      env: { ...emulatorEnv(emulator()), ...env },
      ...(tty ? { stdout: terminal.stream } : {}),
    });
    expect(result.code).toBe(0);
    const stdout = tty ? terminal.text() : result.stdout;
    expect(stdout).toContain('Plan: 7 to create');
    expect(stdout.includes(ESC)).toBe(colour);
  });

  it.skipIf(!hasProgram('tmux'))('a real terminal: colour by default, none with FORCE_COLOR=0 or --no-color', async () => {
    const env = { ...emulatorEnv(emulator()), TERM: 'xterm-256color' };
    for (const [extra, args, colour] of [
      [{}, [], true],
      [{ FORCE_COLOR: '0' }, [], false],
      [{}, ['--no-color'], false],
    ] as const) {
      const pane = await openPane([...CLI_PROCESS, 'plan', ...args], { env: { ...env, ...extra }, cwd: process.cwd() });
      try {
        await pane.waitFor(/Plan: 7 to create/);
        expect((await pane.screen({ escapes: true })).includes(ESC)).toBe(colour);
      } finally {
        await pane.close();
      }
    }
  });
});
