import { describe, expect, it } from 'vitest';
import { UnsafePlanError } from '../src/errors.js';
import { checkSafety, countLive, refusalError } from '../src/plan/safety.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/settings/types.js';
import type { Change, CountedPlan, Plan } from '../src/plan/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { flowPlan, liveFlow, liveFlows } from './helpers/fixtures.js';
import { liveToFields } from '../src/plan/normalize.js';

const before = (n: number, name: string) => ({
  sid: liveFlow(n, name).sid,
  date_updated: 'x',
  fields: liveToFields(FLEX_FLOW, liveFlow(n, name) as unknown as LiveResource),
});
const del = (n: number): Change => ({ action: 'delete', kind: 'flex-flow', key: `d${n}`, before: before(n, `d${n}`) });
const upd = (n: number): Change => ({
  action: 'update',
  kind: 'flex-flow',
  key: `u${n}`,
  before: before(100 + n, `u${n}`),
  after: { friendly_name: `u${n}`, enabled: false },
  changes: [{ path: 'enabled', before: true, after: false }],
  send: { enabled: false },
});
const keep = (n: number): Change => ({ action: 'noop', kind: 'flex-flow', key: `k${n}`, before: before(200 + n, `k${n}`) });

function plan(...changes: Change[]): Plan {
  return flowPlan(changes);
}

/** The plan with `managed` live flows the settings manage, of `total` live in all. */
const counted = (checked: Plan, managed: number, total = managed): CountedPlan => ({
  ...checked,
  live_counts: { 'flex-flow': { total, managed } },
});

const times = (count: number, make: (n: number) => Change): Change[] => Array.from({ length: count }, (_, n) => make(n));
const PRUNE: Settings = { ...DEFAULT_SETTINGS, prune: true };

describe('checkSafety', () => {
  it.each([
    { name: 'no deletes', plan: plan(keep(0)), live: 10, overrides: {} },
    { name: 'deletes at the threshold', plan: plan(...times(3, del), keep(0)), live: 10, overrides: {} },
    { name: 'fewer than 10 live flows are never guarded', plan: plan(...times(8, del), ...times(1, upd)), live: 9, overrides: {} },
    {
      name: 'raised by the flags',
      plan: plan(...times(5, del), ...times(5, upd)),
      live: 10,
      overrides: { maxDeleteFraction: 0.5, maxUpdateFraction: 0.5 },
    },
  ])('allows: $name', ({ plan: checked, live, overrides }) => {
    expect(checkSafety(counted(checked, live), PRUNE, overrides)).toEqual([]);
  });

  it.each([
    {
      name: 'deletes above the default',
      plan: plan(...times(4, del), keep(0)),
      live: 10,
      settings: PRUNE,
      overrides: {},
      expected: [
        'refusing to delete 4 of 10 live flows (40%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 0.4 or max_delete_fraction: 0.4 in flexflow-sync.yaml',
      ],
    },
    {
      name: 'the flag wins over the settings file',
      plan: plan(...times(4, del), keep(0)),
      live: 12,
      settings: { ...PRUNE, maxDeleteFraction: 0.9 },
      overrides: { maxDeleteFraction: 0.1 },
      expected: [
        'refusing to delete 4 of 12 live flows (33.3%), more than the allowed 10%; if that is intended, raise the limit with --max-delete-fraction 0.34 or max_delete_fraction: 0.34 in flexflow-sync.yaml',
      ],
    },
    {
      name: 'a limit that one decimal cannot tell from the share gets more digits',
      plan: plan(...times(12, del), keep(0)),
      live: 14,
      settings: PRUNE,
      overrides: { maxDeleteFraction: 0.8571 },
      expected: [
        'refusing to delete 12 of 14 live flows (85.714%), more than the allowed 85.71%; if that is intended, raise the limit with --max-delete-fraction 0.86 or max_delete_fraction: 0.86 in flexflow-sync.yaml',
      ],
    },
    {
      name: 'updates above max_update_fraction',
      plan: plan(...times(4, upd)),
      live: 10,
      settings: PRUNE,
      overrides: {},
      expected: [
        'refusing to update 4 of 10 live flows (40%), more than the allowed 30%; if that is intended, raise the limit with --max-update-fraction 0.4 or max_update_fraction: 0.4 in flexflow-sync.yaml',
      ],
    },
    {
      name: 'a saved plan that breaks prune, protect, ignore and the empty-folder rule',
      plan: plan(del(1), del(2)),
      live: 2,
      settings: { ...DEFAULT_SETTINGS, protect: ['d1'], ignore: ['d2'] },
      overrides: {},
      expected: [
        'the plan deletes "d1", "d2", but prune is off in the settings',
        'the plan deletes "d1", which the settings protect',
        'the plan changes "d2", which the settings ignore',
        'the plan deletes flows but declares none (files that declare no flow never delete one)',
      ],
    },
  ])('refuses: $name', ({ plan: checked, live, settings, overrides, expected }) => {
    expect(checkSafety(counted(checked, live), settings, overrides)).toEqual(expected);
  });

  it('weighs the shares against the managed live flows, not the ignored ones', () => {
    expect(checkSafety(counted(plan(...times(4, del), keep(0)), 10, 1000), PRUNE)).toEqual([
      'refusing to delete 4 of 10 live flows (40%), more than the allowed 30%; if that is intended, raise the limit with --max-delete-fraction 0.4 or max_delete_fraction: 0.4 in flexflow-sync.yaml',
    ]);
  });

  it.each([
    { name: 'at the cap', total: 2499, creates: 1, refused: false },
    { name: 'one over, ignored flows included', total: 2500, creates: 1, refused: true },
  ])('throws for the account cap, weighing every live flow: $name', ({ total, creates, refused }) => {
    const create = (n: number): Change => ({ action: 'create', kind: 'flex-flow', key: `c${n}`, after: { friendly_name: `c${n}` } });
    const check = () => checkSafety(counted(plan(...times(creates, create)), 0, total), PRUNE);
    if (refused) expect(check).toThrow(UnsafePlanError);
    else expect(check()).toEqual([]);
  });

  const create = (n: number): Change => ({ action: 'create', kind: 'flex-flow', key: `c${n}`, after: { friendly_name: `c${n}` } });
  it.each([
    {
      name: 'undeclared managed flows the plan keeps: prune helps',
      changes: [create(0), keep(0)],
      managed: 2500,
      total: 2500,
      hint: 'declare fewer flows, or delete unused ones (prune: true)',
    },
    {
      name: 'ignored flows make the surplus: prune never deletes them',
      changes: [create(0), create(1), create(2)],
      managed: 0,
      total: 2500,
      hint: 'declare fewer flows, or delete unused ones in the Console (2,500 of them are ignored by the settings, and prune never deletes an ignored flow)',
    },
    {
      name: 'every managed flow declared, some ignored',
      changes: [create(0), keep(0), keep(1)],
      managed: 2,
      total: 2500,
      hint: 'declare fewer flows, or delete unused ones in the Console (2,498 of them are ignored by the settings, and prune never deletes an ignored flow)',
    },
  ])('says what can bring the account under the cap: $name', ({ changes, managed, total, hint }) => {
    expect(() => checkSafety(counted(plan(...changes), managed, total), PRUNE)).toThrow(
      new RegExp(`per account: ${hint.replace(/[()]/g, '\\$&')}$`),
    );
  });

  it('gives at most 10 refusals in its one-line error, then counts the rest', () => {
    const refusals = Array.from({ length: 12 }, (_, n) => `refusal ${n}`);
    expect(refusalError(refusals).message).toBe(`${refusals.slice(0, 10).join('; ')}; and 2 more refusals`);
  });

  it('names at most 10 resources in a refusal, then counts the rest', () => {
    const deletes = times(25, del);
    expect(checkSafety(counted(plan(...deletes), 25), { ...DEFAULT_SETTINGS, protect: ['d*'] }, { maxDeleteFraction: 1 })).toContain(
      `the plan deletes ${deletes
        .slice(0, 10)
        .map((change) => JSON.stringify(change.key))
        .join(', ')} and 15 more, which the settings protect`,
    );
  });
});

describe('countLive', () => {
  it('counts every live flow of each kind, and apart those the settings do not ignore', () => {
    const live = liveFlows([liveFlow(1, 'a'), liveFlow(2, 'tmp-b'), liveFlow(3, 'tmp-c')]);
    expect(countLive(plan(), live, { ...PRUNE, ignore: ['tmp-*'] }).live_counts).toEqual({ 'flex-flow': { total: 3, managed: 1 } });
  });
});
