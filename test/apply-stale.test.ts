import { describe, expect, it } from 'vitest';
import { checkStale } from '../src/apply/stale.js';
import type { FlexFlow } from '../src/model/flexFlow.js';
import { liveToFields } from '../src/plan/normalize.js';
import type { Change, Plan } from '../src/plan/types.js';
import type { LiveResource } from '../src/model/kind.js';
import { FLEX_FLOW } from '../src/model/kinds.js';
import { flowPlan, flowSid, liveFlow, liveFlows } from './helpers/fixtures.js';

const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-01-02T00:00:00Z';

const live = (n: number, name: string, dateUpdated = T1): FlexFlow => liveFlow(n, name, { date_updated: dateUpdated });

const snapshot = (n: number, name: string) => ({
  sid: flowSid(n),
  date_updated: T1,
  fields: liveToFields(FLEX_FLOW, live(n, name) as unknown as LiveResource),
});

function plan(changes: Change[]): Plan {
  return flowPlan(changes);
}

const changes: Change[] = [
  { action: 'create', kind: 'flex-flow', key: 'new', after: { friendly_name: 'new' } },
  {
    action: 'update',
    kind: 'flex-flow',
    key: 'upd',
    before: snapshot(1, 'upd'),
    after: { friendly_name: 'upd' },
    changes: [{ path: 'enabled', before: true, after: false }],
    send: { enabled: false },
  },
  { action: 'delete', kind: 'flex-flow', key: 'del', before: snapshot(2, 'del') },
  { action: 'noop', kind: 'flex-flow', key: 'same', before: snapshot(3, 'same') },
];

describe('checkStale', () => {
  it.each([
    { name: 'nothing changed', live: [live(1, 'upd'), live(2, 'del'), live(3, 'same')], expected: [] },
    { name: 'an updated flow was edited since', live: [live(1, 'upd', T2), live(2, 'del'), live(3, 'same')], expected: ['upd'] },
    {
      name: 'an updated flow was edited in the same second (date_updated has second resolution)',
      live: [{ ...live(1, 'upd'), contact_identity: 'edited' }, live(2, 'del'), live(3, 'same')],
      expected: ['upd'],
    },
    {
      name: 'a deleted flow was edited in the same second',
      live: [live(1, 'upd'), { ...live(2, 'del'), enabled: false }, live(3, 'same')],
      expected: ['del'],
    },
    { name: 'a deleted flow is already gone', live: [live(1, 'upd'), live(3, 'same')], expected: ['del'] },
    { name: 'the name to create now exists', live: [live(1, 'upd'), live(2, 'del'), live(3, 'same'), live(4, 'new')], expected: ['new'] },
    { name: 'noops are not touched, so not checked', live: [live(1, 'upd'), live(2, 'del'), live(3, 'same', T2)], expected: [] },
    { name: 'several, sorted', live: [live(1, 'upd', T2), live(4, 'new')], expected: ['del', 'new', 'upd'] },
  ])('$name', ({ live: flows, expected }) => {
    expect(checkStale(plan(changes), liveFlows(flows)).map((ref) => ref.key)).toEqual(expected);
  });
});
