import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
