import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executePlan } from '../src/apply/execute.js';
import type { ResourceApi } from '../src/api/types.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import type { DesiredResource } from '../src/flows/types.js';
import { startEmulator } from '../src/emulator/index.js';
import { diff } from '../src/plan/diff.js';
import { applySummary, declared, PRUNE_ALL, STUDIO_FLOW, webFlow } from './helpers/fixtures.js';
import { resourceClientFor } from './helpers/flexClient.js';
import { useTempDir } from './helpers/tempDir.js';
import { testEmulatorOptions, withEmulator } from './helpers/withEmulator.js';

async function planFor(api: ResourceApi, desired: readonly DesiredResource[]) {
  return diff(desired, { 'flex-flow': await api.list() }, PRUNE_ALL);
}

/** A deterministic jitter source (LCG), so backoff waits repeat run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('executePlan', () => {
  const tempDir = useTempDir('ffs-chaos-');

  it('creates, updates and deletes; the next plan is empty', async () => {
    const emulator = await withEmulator();
    const api = resourceClientFor(FLEX_FLOW, emulator);
    for (const name of ['keep', 'change', 'remove']) await api.create(webFlow(name));
    const desired = [
      declared(webFlow('keep')),
      declared(webFlow('change', { enabled: false, integration_type: 'studio', integration: { flow_sid: STUDIO_FLOW, retry_count: 2 } })),
      declared(webFlow('new')),
    ];
    const started: string[] = [];
    const report = await executePlan(await planFor(api, desired), [api], {
      onStart: (change) => started.push(change.action),
      createSettleMs: 0,
    });
    expect({ summary: report.summary, results: report.results.map((r) => [r.action, r.key, r.status]) }).toEqual({
      summary: applySummary({ created: 1, updated: 1, deleted: 1 }),
      results: [
        ['update', 'change', 'applied'],
        ['create', 'new', 'applied'],
        ['delete', 'remove', 'applied'],
      ],
    });
    expect(started.at(-1)).toBe('delete');
    expect((await planFor(api, desired)).summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: 3, migrate: 0 });
  });

  it('runs creates and updates side by side: a create waiting for its budget never holds up an update', async () => {
    const emulator = await withEmulator();
    const client = resourceClientFor(FLEX_FLOW, emulator);
    await client.create(webFlow('b-change'));
    let updated: () => void = () => undefined;
    const updateDone = new Promise<void>((resolve) => (updated = resolve));
    // The create waits as one would for its rate budget, here until the update is through.
    const api: ResourceApi = {
      ...client,
      create: async (fields) => updateDone.then(() => client.create(fields)),
      update: async (sid, fields) => client.update(sid, fields).finally(updated),
    };
    const desired = [declared(webFlow('a-new')), declared(webFlow('b-change', { enabled: false }))];
    const plan = await planFor(api, desired);
    expect(plan.changes.map((change) => change.action)).toEqual(['create', 'update']);
    const report = await executePlan(plan, [api], { concurrency: 1 });
    expect(report.summary).toEqual(applySummary({ created: 1, updated: 1 }));
  });

  it('goes on past a failed flow and records its Twilio code', async () => {
    const emulator = await withEmulator();
    const api = resourceClientFor(FLEX_FLOW, emulator);
    const desired = [declared({ friendly_name: 'broken', channel_type: 'web' }), declared(webFlow('fine'))];
    const report = await executePlan(await planFor(api, desired), [api], { createSettleMs: 0 });
    expect(report.summary).toEqual(applySummary({ created: 1, failed: 1 }));
    expect(report.results[0]).toMatchObject({
      action: 'create',
      kind: 'flex-flow',
      key: 'broken',
      status: 'failed',
      error: { code: 'E_API', http_status: 400, twilio_code: 20001 },
    });
  });

  it('never has more requests in flight than the concurrency', async () => {
    const emulator = await withEmulator({ latencyMs: 3 });
    const api = resourceClientFor(FLEX_FLOW, emulator, { concurrency: 4 });
    const desired = Array.from({ length: 40 }, (_, i) => declared(webFlow(`flow-${i}`)));
    const report = await executePlan(await planFor(api, desired), [api], { concurrency: 4, createSettleMs: 0 });
    expect(report.summary.created).toBe(40);
    expect(emulator.stats().peak_in_flight).toBeLessThanOrEqual(4);
  });

  it('chaos: 200 changes under 429/500/503, resets, faults after commit and a concurrency cap converge in one run', async () => {
    const stateFile = join(tempDir(), 'state.json');
    const names = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `flow-${String(from + i).padStart(3, '0')}`);
    const seeding = await startEmulator(testEmulatorOptions({ stateFile }));
    const seeder = resourceClientFor(FLEX_FLOW, seeding, { concurrency: 16 });
    await Promise.all(names(0, 150).map((name) => seeder.create(webFlow(name))));
    await seeding.close();

    const emulator = await withEmulator({
      stateFile,
      errorRate: 0.2,
      resetRate: 0.05,
      maxConcurrent: 3,
      latencyMs: 1,
      jitterMs: 2,
      seed: 42,
    });
    const limits: number[] = [];
    const api = resourceClientFor(FLEX_FLOW, emulator, {
      concurrency: 8,
      random: seededRandom(7),
      onRetry: () => limits.push(api.limiter.limit),
      // Backoffs shortened, not skipped: ten retries at once could all meet the cap of 3 in flight while
      // the requests holding it are still running (on a loaded CI runner), which a real client never does.
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 25))),
    });
    const desired = [
      ...names(0, 50).map((name) => declared(webFlow(name))),
      ...names(50, 120).map((name) => declared(webFlow(name, { enabled: false, contact_identity: `+1555${name.slice(-3)}` }))),
      ...names(150, 250).map((name) => declared(webFlow(name, { long_lived: true }))),
    ];
    const plan = await planFor(api, desired);
    expect(plan.summary).toEqual({ create: 100, update: 70, replace: 0, delete: 30, noop: 50, migrate: 0 });

    const report = await executePlan(plan, [api], { concurrency: 8 });
    const failures = report.results.filter((r) => r.status === 'failed');
    expect(failures).toEqual([]);
    expect(report.summary).toEqual(applySummary({ created: 100, updated: 70, deleted: 30 }));

    const live = await api.list();
    const liveNames = live.map((flow) => flow.friendly_name).sort();
    expect(liveNames).toEqual(desired.map((flow) => flow.fields.friendly_name).sort());
    expect(new Set(liveNames).size).toBe(live.length);
    expect((await planFor(api, desired)).summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0, noop: 220, migrate: 0 });

    const stats = emulator.stats();
    // The faults really happened, and the limiter shrank under the cap's 429s.
    expect({
      throttled: (stats.by_status['429'] ?? 0) > 0,
      serverErrors: (stats.by_status['500'] ?? 0) + (stats.by_status['503'] ?? 0) > 0,
      resets: stats.resets > 0,
      adopted: report.results.some((r) => r.adopted === true),
      limitShrank: Math.min(...limits) < 8,
    }).toEqual({ throttled: true, serverErrors: true, resets: true, adopted: true, limitShrank: true });
  });
});
