import { describe, expect, it } from 'vitest';
import { decideCopies } from '../src/apply/heal.js';
import { concurrentApplyTrial } from '../bench/concurrentApply.js';
import { executePlan } from '../src/apply/execute.js';
import { diff } from '../src/plan/diff.js';
import { declared, flowSid, liveFlow, liveFlows, PRUNE_ALL, webFlow } from './helpers/fixtures.js';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { clientFor, resourceClientFor } from './helpers/flexClient.js';
import { withEmulator } from './helpers/withEmulator.js';

const at = (n: number, name: string, second: number) => liveFlow(n, name, { date_created: `2026-01-01T00:00:0${second}Z` });

describe('decideCopies', () => {
  it.each([
    {
      name: 'a name that exists once is kept',
      created: [{ key: 'a', sid: flowSid(1), origin: 'made' as const }],
      live: [at(1, 'a', 0)],
      expected: ['keep'],
    },
    {
      name: 'the earliest copy is kept by its maker',
      created: [{ key: 'a', sid: flowSid(2), origin: 'made' as const }],
      live: [at(2, 'a', 0), at(1, 'a', 1)],
      expected: ['keep'],
    },
    {
      name: 'a later copy is deleted by its maker',
      created: [{ key: 'a', sid: flowSid(1), origin: 'made' as const }],
      live: [at(2, 'a', 0), at(1, 'a', 1)],
      expected: [`delete-own ${flowSid(2)}`],
    },
    {
      name: 'in the same second the lowest SID is kept',
      created: [{ key: 'a', sid: flowSid(2), origin: 'made' as const }],
      live: [at(2, 'a', 0), at(1, 'a', 0)],
      expected: [`delete-own ${flowSid(1)}`],
    },
    {
      name: 'a copy adopted after a lost answer, even the one kept, is reported when others exist: the lost create may have made one',
      created: [{ key: 'a', sid: flowSid(1), origin: 'after-lost-answer' as const }],
      live: [at(2, 'a', 1), at(1, 'a', 0)],
      expected: [
        `unresolved flow "a" now exists 2 times (${flowSid(1)}, ${flowSid(2)}) and this run cannot tell which copy it made; keep ${flowSid(1)} and delete the others`,
      ],
    },
    {
      name: 'a run whose create was refused made no copy: it follows the kept one',
      created: [{ key: 'a', sid: flowSid(2), origin: 'from-concurrent-apply' as const }],
      live: [at(2, 'a', 1), at(1, 'a', 0)],
      expected: [`follow ${flowSid(1)}`],
    },
    {
      name: 'a copy adopted after a lost answer that is not kept is reported, never deleted',
      created: [{ key: 'a', sid: flowSid(2), origin: 'after-lost-answer' as const }],
      live: [at(2, 'a', 1), at(1, 'a', 0)],
      expected: [
        `unresolved flow "a" now exists 2 times (${flowSid(1)}, ${flowSid(2)}) and this run cannot tell which copy it made; keep ${flowSid(1)} and delete the others`,
      ],
    },
  ])('$name', ({ created, live, expected }) => {
    expect(
      decideCopies(FLEX_FLOW, created, live as unknown as LiveResource[]).map((decision) =>
        decision.kind === 'keep'
          ? 'keep'
          : decision.kind === 'unresolved'
            ? `unresolved ${decision.message}`
            : `${decision.kind} ${decision.keeper.sid}`,
      ),
    ).toEqual(expected);
  });
});

describe('executePlan heals its creates', () => {
  it('deletes its own copy and keeps the earlier one; one made with other fields is a failure to report', async () => {
    let tick = 0;
    const emulator = await withEmulator({ now: () => new Date(Date.UTC(2026, 0, 1) + (tick += 1000)) });
    const api = clientFor(emulator);
    const plan = diff([declared(webFlow('same')), declared(webFlow('other'))], liveFlows([]), PRUNE_ALL);
    // A concurrent apply got there first, with the same fields for one name and others for the second.
    const earlier = await api.create(webFlow('same'));
    const differing = await api.create(webFlow('other', { enabled: false }));
    const report = await executePlan(plan, [resourceClientFor(FLEX_FLOW, emulator)], { createSettleMs: 0 });
    expect(report.results.map((result) => [result.key, result.status, result.sid, result.error?.code])).toEqual([
      ['other', 'failed', differing.sid, 'E_CONCURRENT'],
      ['same', 'applied', earlier.sid, undefined],
    ]);
    expect((await api.list()).map((flow) => flow.sid).sort()).toEqual([earlier.sid, differing.sid].sort());
  });
});

describe('two applies started together', () => {
  it('both create every flow, then heal: no duplicate left, nothing missing, both exit 0 truthfully', async () => {
    const result = await concurrentApplyTrial({ flows: 20, seed: 3, latencyMs: 10, jitterMs: 20, settleMs: 1_100 });
    expect({
      codes: result.codes,
      duplicates: result.duplicates,
      missing: result.missing,
      truthful: result.truthful,
      raced: result.healed > 0,
    }).toEqual({
      codes: [0, 0],
      duplicates: 0,
      missing: 0,
      truthful: true,
      raced: true,
    });
  });

  it('with contact identities the second create is refused instead: it adopts the flow the other run made', async () => {
    const result = await concurrentApplyTrial({ flows: 20, seed: 4, latencyMs: 10, jitterMs: 20, settleMs: 0, contactIdentities: true });
    expect({ codes: result.codes, duplicates: result.duplicates, missing: result.missing, truthful: result.truthful }).toEqual({
      codes: [0, 0],
      duplicates: 0,
      missing: 0,
      truthful: true,
    });
  });
});
