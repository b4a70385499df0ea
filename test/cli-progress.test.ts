import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { CLI_PROCESS, hasProgram, openPane } from './helpers/tmux.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';

/** An empty page of whichever kind the path lists (the example flows declare both kinds). */
const EMPTY_PAGE = (url: string): string => {
  const key = url.includes('/v1/Configuration/Addresses') ? 'address_configurations' : 'flex_flows';
  return JSON.stringify({
    [key]: [],
    meta: { page: 0, page_size: 50, first_page_url: url, previous_page_url: null, url, next_page_url: null, key },
  });
};

describe('progress while listing', () => {
  it('prints each retry on stderr (CI, no terminal), then plans', async () => {
    let flowListings = 0;
    const server = createServer((req, res) => {
      const listsFlows = req.url?.startsWith('/v1/FlexFlows') === true;
      if (listsFlows) flowListings += 1;
      if (listsFlows && flowListings <= 2)
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":20503,"message":"Service unavailable","status":503}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(EMPTY_PAGE(`http://${req.headers.host ?? ''}${req.url ?? ''}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await runCli(['plan'], {
        env: { ...emulatorEnv({ url, accountSid: `AC${'0'.repeat(32)}`, authToken: 't' }), CI: 'true' },
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /^503 from GET \/v1\/FlexFlows, retry 1\/9 in \d+\.\d s\n503 from GET \/v1\/FlexFlows, retry 2\/9 in \d+\.\d s\n$/,
      );
      expect(result.stdout).toContain('Plan: 7 to create');
    } finally {
      server.close();
    }
  });

  it.skipIf(!hasProgram('tmux'))('shows a spinner with the page on a terminal, and clears it when the listing ends', async () => {
    const emulator = await withEmulator({ latencyMs: 700 });
    emulator.preload(Array.from({ length: 1001 }, (_, i) => ({ friendly_name: `Flow ${i}` })));
    // stdout goes away, so the terminal shows only stderr: the spinner, then the exit status.
    const command = [...CLI_PROCESS, 'plan'].map((word) => `'${word}'`).join(' ');
    const pane = await openPane(['sh', '-c', `${command} > /dev/null; echo "exit $?"`], { env: emulatorEnv(emulator), cwd: process.cwd() });
    try {
      await pane.waitFor(/listing flows… page 1/);
      await pane.waitFor(/listing flows… page 2 \(1000 so far\)/);
      const screen = await pane.waitFor(/^exit 0$/m);
      expect(screen).not.toContain('listing flows');
    } finally {
      await pane.close();
    }
  });
});
