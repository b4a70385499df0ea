import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADDRESS_CONFIGURATION, FLEX_FLOW } from '../src/model/kinds.js';
import { describe, expect, it } from 'vitest';
import { executePlan } from '../src/apply/execute.js';
import { diff } from '../src/plan/diff.js';
import { applySummary, CHAT_SERVICE, declared, liveFlows, PRUNE_ALL, webFlow } from './helpers/fixtures.js';
import { runCli } from './helpers/cli.js';
import { clientFor, resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { emulatorEnv, withEmulator } from './helpers/withEmulator.js';

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('Ctrl+C during apply', () => {
  const dir = useTempDir('ffs-apply-interrupt-');

  it('sends no new request, waits for those in flight, reports applied and skipped, exits 130', async () => {
    const cwd = dir();
    await mkdir(join(cwd, 'flows'));
    for (const name of NAMES)
      await writeFile(join(cwd, 'flows', `${name}.yaml`), `friendly_name: ${name}\nchat_service_sid: ${CHAT_SERVICE}\nchannel_type: web\n`);
    // Slow answers, so that the interrupt surely lands while the first two creates are in flight.
    const emulator = await withEmulator({ latencyMs: 800 });
    let interrupt: () => void = () => {
      throw new Error('apply did not listen for Ctrl+C');
    };
    const running = runCli(['apply', '--auto-approve', '--concurrency', '2'], {
      cwd,
      env: emulatorEnv(emulator),
      onInterrupt: (listener) => {
        interrupt = listener;
        return () => undefined;
      },
    });
    await expect.poll(() => emulator.stats().by_method.POST ?? 0, { interval: 5, timeout: 10_000 }).toBe(2);
    interrupt();
    const result = await running;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain(
      '\nInterrupted: no new change is started (a replacement already begun still creates); waiting up to 30 s for those in flight (Ctrl+C again to exit at once).\n',
    );
    expect(result.stdout).toContain('Apply interrupted: 2 created, 0 updated, 0 deleted, 0 failed, 4 skipped.\n');
    expect(result.stdout).toContain('! skipped the create of "f": apply was interrupted before it was sent\n');
    // Truthful: what the report says was created is exactly what exists.
    expect((await clientFor(emulator).list()).length).toBe(2);
    expect(emulator.stats().by_method.POST).toBe(2);
  });

  it("a second Ctrl+C between a replacement's delete and create says what is deleted and how to get it back", async () => {
    const cwd = dir();
    await mkdir(join(cwd, 'flows'));
    await writeFile(join(cwd, 'flows', 'a.yaml'), 'kind: address-configuration\naddress: "894546"\ntype: sms\naddress_country: CA\n');
    const emulator = await withEmulator({ latencyMs: 600 });
    emulator.preloadResources(ADDRESS_CONFIGURATION, [
      { address: '894546', type: 'sms', address_country: 'US', friendly_name: 'Short code' },
    ]);
    let lastWords: (() => void) | undefined;
    const running = runCli(['apply', '--auto-approve'], {
      cwd,
      env: emulatorEnv(emulator),
      onInterrupt: (_listener, last) => {
        lastWords = last;
        return () => undefined;
      },
    });
    await expect.poll(() => emulator.stats().resources?.['address-configuration'], { interval: 5, timeout: 10_000 }).toBe(0);
    // The delete is done; its answer reaches apply at once, and the create then takes another 600 ms.
    await new Promise((resolve) => setTimeout(resolve, 150));
    lastWords?.();
    const result = await running;
    expect(result.stderr).toMatch(
      /error: exited at once: address configuration "894546" \(IG[0-9a-f]{32}\) was deleted and not yet created again: run apply again \(the files still declare what replaces it\), or create it again by hand \(POST \/v1\/Configuration\/Addresses\) with address: "894546", type: "sms", friendly_name: "Short code", address_country: "US"/,
    );
    expect(result.code).toBe(0);
  });

  it('stops waiting after the grace period: the requests still in flight are reported unknown', async () => {
    const emulator = await withEmulator({ latencyMs: 2_000 });
    const api = resourceClientFor(FLEX_FLOW, emulator, { concurrency: 2 });
    const plan = diff(
      NAMES.map((name, line) => declared(webFlow(name), line)),
      liveFlows([]),
      PRUNE_ALL,
    );
    const interrupt = new AbortController();
    let started = 0;
    const report = await executePlan(plan, [api], {
      concurrency: 2,
      signal: interrupt.signal,
      interruptGraceMs: 20,
      onStart: () => {
        started += 1;
        if (started === 2) interrupt.abort();
      },
    });
    expect(report.summary).toEqual(applySummary({ skipped: 4, unknown: 2 }));
    expect(report.results.filter((result) => result.status === 'unknown').map((result) => result.reason)).toEqual([
      'no answer came before apply stopped waiting after the interrupt',
      'no answer came before apply stopped waiting after the interrupt',
    ]);
  });
});
