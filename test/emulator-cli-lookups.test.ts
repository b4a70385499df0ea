import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulatorCommand } from '../src/cli/commands/emulator.js';
import { captureIo, runCli } from './helpers/cli.js';
import { useTempDir } from './helpers/tempDir.js';

const AUTH = `Basic ${Buffer.from('AC00000000000000000000000000000000:emulator-auth-token').toString('base64')}`;

async function names(url: string, path: string, key: string): Promise<string[]> {
  const body = (await (await fetch(`${url}${path}`, { headers: { authorization: AUTH } })).json()) as Record<
    string,
    { friendly_name: string; sid: string }[]
  >;
  return (body[key] ?? []).map((item) => `${item.friendly_name} ${item.sid.slice(0, 2)}`);
}

describe('flexflow-sync emulator --lookups FILE', () => {
  const cwd = useTempDir('flexflow-lookups-');

  it('creates the names in the file at start and again on reset', async () => {
    await writeFile(
      join(cwd(), 'names.json'),
      JSON.stringify({
        studioFlows: ['Inbound SMS'],
        chatServices: ['Flex Chat Service'],
        workspaces: [{ friendlyName: 'Flex', workflows: ['Assign'] }],
      }),
    );
    const { io, stdout } = captureIo({ cwd: cwd() });
    const exit = { code: -1 };
    let stop: (signal: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const running = createEmulatorCommand(io, exit, () => stopped).parseAsync(['--port', '0', '--lookups', 'names.json'], { from: 'user' });
    await expect.poll(() => stdout()).toContain('# stats:');
    const url = /export FLEXFLOW_API_URL=(\S+)/.exec(stdout())?.[1] as string;

    const everything = async () => [
      ...(await names(url, '/v2/Flows', 'flows')),
      ...(await names(url, '/v2/Services', 'services')),
      ...(await names(url, '/v1/Workspaces?FriendlyName=Flex', 'workspaces')),
    ];
    const before = await everything();
    expect(before).toEqual(['Inbound SMS FW', 'Flex Chat Service IS', 'Flex WS']);
    await fetch(`${url}/_emulator/reset`, { method: 'POST' });
    expect(await everything()).toEqual(before);

    stop('SIGTERM');
    await running;
    expect(exit.code).toBe(0);
  });

  it.each([
    { name: 'a missing file', setup: () => Promise.resolve(), message: 'error: cannot read --lookups file names.json: ENOENT\n' },
    {
      name: 'a folder',
      setup: (dir: string) => mkdir(join(dir, 'names.json')),
      message: 'error: --lookups file names.json is not a regular file\n',
    },
    {
      name: 'text that is not JSON',
      setup: (dir: string) => writeFile(join(dir, 'names.json'), 'studioFlows: [A]'),
      message:
        'error: --lookups file names.json is not JSON; write it as {"studioFlows": ["Inbound SMS"], "workspaces": [{"friendlyName": "Flex", "workflows": ["Assign"]}]}\n',
    },
    {
      name: 'JSON of another shape',
      setup: (dir: string) => writeFile(join(dir, 'names.json'), JSON.stringify({ studioFlows: 'Inbound SMS' })),
      message:
        'error: --lookups must be an object of studioFlows, chatServices, conversationsServices (lists of names) and workspaces (a list of { friendlyName, workflows }), got {"studioFlows":"Inbound SMS"}\n',
    },
  ])('refuses $name with one clear line', async ({ setup, message }) => {
    await setup(cwd());
    expect(await runCli(['emulator', '--port', '0', '--lookups', 'names.json'], { cwd: cwd() })).toEqual({
      code: 1,
      stdout: '',
      stderr: message,
    });
  });
});
