import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isInteractive, type Io, type OutputStream } from '../src/cli/io.js';
import { captureIo, captureStream } from './helpers/cli.js';

const IO_MODULE = fileURLToPath(new URL('../src/cli/io.ts', import.meta.url));

/** A process that writes through processIo() long after its reader went away (`plan | head -c 1`). */
const WRITER = `
const { processIo } = await import(${JSON.stringify(IO_MODULE)});
const io = processIo();
for (let i = 0; i < 20; i += 1) {
  io.stdout.write('x'.repeat(65536) + '\\n');
  await new Promise((resolve) => setTimeout(resolve, 5));
}
process.stderr.write('ran to the end\\n');
`;

describe('processIo', () => {
  it('drops output once the reader of stdout is gone, and the command runs to the end', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: 'ran to the end\n' });
  });

  it('prompt: end of input (Ctrl+D) rejects as a cancelled prompt, not as a bug', async () => {
    const asker = `
const { processIo, PromptCancelled } = await import(${JSON.stringify(IO_MODULE)});
try {
  await processIo().prompt('Apply? ');
} catch (error) {
  process.stdout.write(error instanceof PromptCancelled ? error.how : 'other');
}
`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', asker], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    expect(stdout).toBe('end');
  });
});

describe('isInteractive', () => {
  const io = (stdout: Partial<OutputStream>, env: Record<string, string> = {}): Io => ({
    ...captureIo({ env }).io,
    stdout: Object.assign(captureStream().stream, stdout),
  });

  it.each([
    { name: 'a sized terminal', stdout: { isTTY: true, columns: 80 }, env: {} as Record<string, string>, expected: true },
    { name: 'a terminal without a size property', stdout: { isTTY: true }, env: {}, expected: true },
    // A pty nobody sized reports 0 columns; ora's spinner then redraws forever and apply never exits.
    { name: 'a terminal of 0 columns', stdout: { isTTY: true, columns: 0 }, env: {}, expected: false },
    { name: 'a CI log', stdout: { isTTY: true, columns: 80 }, env: { CI: 'true' }, expected: false },
    { name: 'a pipe', stdout: {}, env: {}, expected: false },
  ])('$name: $expected', ({ stdout, env, expected }) => {
    expect(isInteractive(io(stdout, env), 'stdout')).toBe(expected);
  });
});
